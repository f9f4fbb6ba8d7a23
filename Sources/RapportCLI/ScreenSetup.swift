import Foundation
import Rapport

/// What `rapport screen` and `rapport score --screen` share: the column plan (with the
/// `--duration` column read as pass-through text after the output's own pass-through columns),
/// the first pass when the sample indices are wanted, and one ``Screener`` per instrument.
struct ScreenSetup {
    let columns: ColumnPlan
    /// The output's pass-through columns (`--id`, `--keep`), without the duration column.
    let passthroughNames: [String]
    let screeners: [Screener]

    init(reader: ResponseReader, input: InputSource, instruments: [Instrument],
         options: InstrumentOptions, screen: ScreenOptions) throws {
        let mapping = try options.resolveMapping(instruments, reader: reader, input: input)
        let names = mapping.passthroughColumns.map { reader.header[$0] }
        let columns = try options.columnPlan(instruments, mapping: mapping, reader: reader, input: input,
                                             passthrough: names + (screen.duration.map { [$0] } ?? []))
        let plans = instruments.enumerated().map { i, inst in
            ScreeningPlan(instrument: inst, itemSlots: mapping.itemSlots[i])
        }
        try self.init(reader: reader, columns: columns, passthroughNames: names, plans: plans, screen: screen)
    }

    /// For a command that built its own column plan: `columns.passthrough` must end with the
    /// duration column when `screen.duration` is given.
    init(reader: ResponseReader, columns: ColumnPlan, passthroughNames: [String],
         plans: [ScreeningPlan], screen: ScreenOptions) throws {
        self.columns = columns
        self.passthroughNames = passthroughNames
        screeners = try ScreeningPass.screeners(reader: reader, columns: columns, plans: plans,
                                                thresholds: screen.thresholds,
                                                durationColumn: screen.duration == nil ? nil : passthroughNames.count,
                                                sampleIndices: !screen.noSampleIndices)
    }
}
