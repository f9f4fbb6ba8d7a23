import Foundation
import Rapport

/// One input = one instrument definition (XML bytes). Whatever the loader accepts must then be
/// usable without a trap: compiled by the scorer (or refused with an error), planned for
/// reliability, simulated (a few rows), and the simulated rows scored. This is how
/// `max="1e19"` (accepted by the lint, a trap in the scorer) would be found.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    let check = InstrumentLoader.check(data: bytes, file: "fuzz.xml")
    for e in check.diagnostics {
        precondition(!e.description.isEmpty)
    }
    guard let instrument = check.instrument else { return 0 }
    var slots: [String: Int] = [:]
    for (i, item) in instrument.items.enumerated() { slots[item.id] = i }
    if let scorer = try? Scorer(instrument: instrument, itemSlots: slots) {
        for s in scorer.scales.indices { _ = scorer.possibleRange(ofScale: s) }
        let simulated = try? ResponseSimulator(instrument: instrument,
                                               options: .init(rows: 3, seed: 7, missingRate: 0.2))
        if let simulated {
            var csv: [UInt8] = []
            try? simulated.write { csv += $0 }
            precondition(!csv.isEmpty)
        }
        // Every item at its minimum, then at its maximum, then missing.
        let width = instrument.items.count
        var values: [Double] = [], status: [CellStatus] = []
        for row in 0..<3 {
            for item in instrument.items {
                let rs = instrument.responseScale(for: item)
                let v = row == 0 ? rs?.min : row == 1 ? rs?.max : nil
                values.append(v ?? .nan)
                status.append(v == nil ? .missing : .answered)
            }
        }
        let block = ResponseBlock(firstRow: 0, rowCount: 3, itemCount: width, values: values, status: status,
                                  lines: [2, 3, 4])
        _ = scorer.score(block)
    }
    if let plan = try? ReliabilityPlan(instruments: [instrument], itemSlots: [slots]) {
        _ = plan.emptyMoments()
    }
    _ = ScreeningPlan(instrument: instrument, itemSlots: slots)
    return 0
}
