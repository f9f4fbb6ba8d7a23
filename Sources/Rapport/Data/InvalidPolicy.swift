/// What a row with an invalid cell becomes (`--on-invalid`).
///
/// - `missing` (default): the invalid cell is treated as missing (`CellStatus.invalid`, value
///   `.nan`), the row is kept, and the cell is reported.
/// - `rejectRow`: the whole row is left out of the output and counted in `rowsRejected`.
/// - `fail`: reading stops at the first finding in file order with a ``DataError``.
///
/// Whatever the policy, every finding is counted in the ``DataReport``. Rows with an
/// unterminated quote are always rejected: their fields cannot be told apart.
public enum InvalidPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case missing
    case rejectRow = "reject-row"
    case fail
}
