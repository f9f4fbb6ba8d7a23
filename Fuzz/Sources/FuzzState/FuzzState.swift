import Foundation
import Rapport
import RapportStatistics

/// One input = one `--state-out` file. Decoding either refuses it (a `StateFileError`) or
/// returns a state that passed every check; such a state must then merge (alone, as shard 1/1
/// when it is one) and be analysed and rendered without a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Data(bytes: data, count: count)
    let state: ReliabilityState
    do {
        state = try ReliabilityState.decode(bytes, file: "fuzz.json")
    } catch {
        precondition(error.description.hasPrefix("fuzz.json"), "a refusal must name the file")
        return 0
    }
    var parts = [(name: "fuzz.json", state: state)]
    if state.shard.count == 2 {
        // Its own other half, as far as the checks can tell.
        var other = state
        other.shard = try! Shard(index: 3 - state.shard.index, count: 2)
        parts.append((name: "other.json", state: other))
    }
    guard let merged = try? ReliabilityState.merge(parts) else { return 0 }
    var options = merged.options
    options.bootstrap = nil
    // No ω hierarchical: on moments no data could give, its oblimin rotation runs all 10,000
    // iterations (8 s per input under ASan), which would cut the rate a hundredfold. Its
    // rotation has its own tests; α, ω total, the split-halves and the report run here.
    options.omegaFactors = 0
    let scales = ReliabilityEngine.analyze(merged.accumulation, options: options, threads: 1)
    precondition(scales.count == merged.accumulation.plan.entries.count)
    let report = ReliabilityReport.make(input: merged.input, instrument: merged.instrument,
                                        options: merged.options, scales: scales)
    _ = try? report.jsonData()
    _ = ReliabilityText.render(report)
    return 0
}
