/// The listing of `rapport instruments list`: one row per instrument, as a text table or JSON.
package enum InstrumentListing {
    package static func table(_ instruments: [Instrument]) -> String {
        let header = ["ID", "NAME", "CONSTRUCT", "RESPONDENT", "ITEMS", "SCALES", "KEYS", "LICENCE"]
        let rows = instruments.map { i in
            [i.id, i.abbreviation == i.name ? i.name : "\(i.abbreviation) — \(i.name)", i.construct.rawValue,
             i.respondent.rawValue, String(i.items.filter { !$0.isAttentionCheck }.count), String(i.scales.count),
             i.weakestKeyVerification.rawValue, i.licence.use.rawValue]
        }
        return TextTable(header: header, rows: rows, rightAligned: [4, 5]).render()
            + "\n\(instruments.count) built-in instruments. Show one with `rapport instruments show ID`.\n"
    }

    struct Row: Encodable {
        var id, version, name, abbreviation, construct, respondent, keys, licence, sha256: String
        var items, scales: Int
        var unverifiedScales: [String]
    }

    package static func json(_ instruments: [Instrument]) throws -> String {
        let rows = instruments.map {
            Row(id: $0.id, version: $0.version, name: $0.name, abbreviation: $0.abbreviation,
                construct: $0.construct.rawValue, respondent: $0.respondent.rawValue,
                keys: $0.weakestKeyVerification.rawValue, licence: $0.licence.use.rawValue, sha256: $0.sha256,
                items: $0.items.filter { !$0.isAttentionCheck }.count, scales: $0.scales.count,
                unverifiedScales: $0.unverifiedScales.map(\.id))
        }
        return try JSONOutput.encode(["instruments": rows])
    }
}
