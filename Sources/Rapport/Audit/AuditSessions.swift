import Foundation

/// The audit's rows made ready for the statistics: which rows are administrations, in what
/// order each client's sessions come, and which therapist saw each session.
///
/// Rules, in the order they apply (docs/audit.md, "Input"):
/// 1. **Administrations.** A row where no audited instrument has anything in an item cell
///    (``AuditRow/hasAnswer`` false: a REDCap screening or baseline event) is not a session,
///    unless ``AuditSettings/keepUnansweredRows``; it still lends its therapist (rule 4).
/// 2. **Session kinds.** Each session column holds one kind (``SessionValue``), fixed by its first
///    administration row; a value of another kind, or of none, stops the run quoting the value
///    and the accepted forms. The first column may not be empty on an administration; a later
///    column may (a REDCap non-repeating event has no `redcap_repeat_instance`): it sorts before
///    any value. `sessionOrder` makes the first column event names in that order.
/// 3. **Order.** A client's sessions are ordered by the columns one after the other; two
///    administrations of one client with the same values are an error naming both lines.
///    Event names are ordered as the records list them (REDCap exports a record's events in
///    the project's order): each record's sequence is merged, ties going to the event seen
///    first in the file; records that disagree stop the run and ask for `--session-order`.
/// 4. **Therapist.** Each session keeps its own therapist cell. An empty cell takes the
///    record's therapist at the nearest earlier row — rows whose session cannot be placed (a
///    REDCap non-repeating row without an instance) first, then the rest in session order —
///    or, before the record's first therapist value, that value. So a field REDCap exports on
///    one event (the intake's therapist) reaches every session, and a new value at a later
///    session (a change of therapist) holds from there on.
struct AuditSessions {
    /// Raw client IDs in first-appearance order.
    var clients: [String]
    /// Per client: its administrations in session order, therapist resolved (nil: none known).
    var byClient: [String: [AuditRow]]
    /// Kind of each session column: `number`, `date` or `event`.
    var kinds: [String]
    /// The order of the event names of the first event column, when there is one.
    var eventOrder: [String]?
    /// Rows in the input.
    var rowsRead: Int
    /// Rows that are not administrations (no audited instrument answered).
    var unanswered: Int
    /// Administrations whose therapist came from another row of the record.
    var carried: Int
    /// Administrations with no therapist after carrying (only counted when some row has one).
    var withoutTherapist: Int

    static func prepare(_ input: [AuditRow], settings: AuditSettings) throws -> AuditSessions {
        let rows = input.sorted { $0.line < $1.line }
        let admin = rows.map { $0.hasAnswer || settings.keepUnansweredRows }
        for (i, r) in rows.enumerated() where admin[i] && r.client.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AuditError("line \(r.line): the client column is empty")
        }
        let columns = max(1, rows.map(\.sessions.count).max() ?? 1)
        func name(_ c: Int) -> String {
            settings.sessionColumns.indices.contains(c) ? settings.sessionColumns[c] : "session"
        }
        var keys: [[Double]?] = Array(repeating: [], count: rows.count)
        var kinds: [String] = []
        var eventOrder: [String]?
        for c in 0..<columns {
            let raw = rows.map { $0.sessions.indices.contains(c) ? $0.sessions[c].trimmingCharacters(in: .whitespaces) : "" }
            let column = try place(column: c, name: name(c), raw: raw, rows: rows, admin: admin,
                                   explicit: c == 0 ? settings.sessionOrder : nil)
            kinds.append(column.kind)
            if eventOrder == nil { eventOrder = column.events }
            for i in rows.indices {
                if let k = keys[i], let v = column.values[i] { keys[i] = k + [v] } else { keys[i] = nil }
            }
        }

        // Group by client (file order), carry the therapist, keep the administrations.
        var clients: [String] = []
        var indices: [String: [Int]] = [:]
        for (i, r) in rows.enumerated() {
            if indices[r.client] == nil { clients.append(r.client) }
            indices[r.client, default: []].append(i)
        }
        let anyTherapist = rows.contains { nonEmpty($0.therapist) != nil }
        var byClient: [String: [AuditRow]] = [:]
        var carried = 0, withoutTherapist = 0
        var adminClients: [String] = []
        for c in clients {
            let idx = indices[c]!
            let placed = idx.filter { keys[$0] != nil }.sorted { a, b in
                precedes(keys[a]!, keys[b]!) || (keys[a]! == keys[b]! && rows[a].line < rows[b].line)
            }
            let sequence = idx.filter { keys[$0] == nil } + placed
            let firstValue = sequence.lazy.compactMap { nonEmpty(rows[$0].therapist) }.first
            var current: String?
            var list: [AuditRow] = []
            var listKeys: [[Double]] = []
            for i in sequence {
                var r = rows[i]
                if let t = nonEmpty(r.therapist) {
                    current = t
                    r.therapist = t
                } else {
                    r.therapist = current ?? firstValue
                    if admin[i], r.therapist != nil { carried += 1 }
                }
                if admin[i] {
                    if r.therapist == nil, anyTherapist { withoutTherapist += 1 }
                    list.append(r)
                    listKeys.append(keys[i]!)
                }
            }
            for k in list.indices.dropFirst() where listKeys[k] == listKeys[k - 1] {
                let shown = list[k].sessions.map { "\"\(trim($0))\"" }.joined(separator: ", ")
                throw AuditError("line \(list[k].line): the same client and session (\(shown)) as line \(list[k - 1].line)"
                                 + (settings.duplicateHint.map { "; \($0)" } ?? ""))
            }
            if !list.isEmpty {
                adminClients.append(c)
                byClient[c] = list
            }
        }
        return AuditSessions(clients: adminClients, byClient: byClient, kinds: kinds, eventOrder: eventOrder,
                             rowsRead: rows.count, unanswered: admin.filter { !$0 }.count, carried: carried,
                             withoutTherapist: withoutTherapist)
    }

    private static func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return s
    }

    /// Lexicographic order of session keys.
    static func precedes(_ a: [Double], _ b: [Double]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count < b.count
    }

    struct Column {
        var kind: String
        /// Per row: its place in this column's order; nil when the row cannot be placed
        /// (only non-administration rows).
        var values: [Double?]
        var events: [String]?
    }

    /// Reads one session column: checks the administrations' values and gives every row its
    /// place (rule 2 of the type's contract).
    static func place(column c: Int, name: String, raw: [String], rows: [AuditRow], admin: [Bool],
                      explicit: [String]?) throws -> Column {
        let primary = c == 0
        let label = "session (column \(name))"
        var values: [Double?] = Array(repeating: nil, count: rows.count)
        if let explicit {
            var index: [String: Int] = [:]
            for (k, e) in explicit.enumerated() {
                let e = trim(e)
                if e.isEmpty { throw AuditError("--session-order has an empty name: give the values comma-separated, e.g. --session-order screening_arm_1,week_1_arm_1") }
                if index[e] != nil { throw AuditError("--session-order names \"\(e)\" twice") }
                index[e] = k
            }
            for i in rows.indices {
                if let k = index[raw[i]] { values[i] = Double(k); continue }
                guard admin[i] else { continue }
                if raw[i].isEmpty { throw AuditError("line \(rows[i].line): the \(label) is empty") }
                throw AuditError("line \(rows[i].line): \(label) \"\(raw[i])\" is not in --session-order (\(explicit.map(trim).joined(separator: ","))); add it there")
            }
            return Column(kind: "event", values: values, events: explicit.map(trim))
        }
        var established: (kind: String, line: Int, value: String, zoned: Bool)?
        var classes: [SessionValue?] = Array(repeating: nil, count: rows.count)
        for i in rows.indices where admin[i] {
            let v = raw[i]
            if v.isEmpty {
                if primary {
                    let redcap = name == "redcap_repeat_instance"
                        ? ": a REDCap row of a non-repeating event has no instance; order by the event first (--session redcap_event_name --session redcap_repeat_instance)"
                        : "; every session needs a value in the first --session column"
                    throw AuditError("line \(rows[i].line): the \(label) is empty on a row with answers\(redcap)")
                }
                values[i] = -.infinity
                continue
            }
            let cls = SessionValue.classify(v)
            classes[i] = cls
            if case .badDate(let why) = cls {
                throw AuditError("line \(rows[i].line): \(label): \(why); \(SessionValue.acceptedForms)")
            }
            guard let kind = cls.kind else {
                throw AuditError("line \(rows[i].line): \(label) \"\(v)\" is neither a number, an ISO 8601 date nor a REDCap event name; \(SessionValue.acceptedForms)")
            }
            var zoned = false
            if case .date(_, let z) = cls { zoned = z }
            guard let e = established else {
                established = (kind, rows[i].line, v, zoned)
                continue
            }
            if kind != e.kind {
                throw AuditError("line \(rows[i].line): \(label) \"\(v)\" is \(article(kind)), but the column holds \(e.kind)s (line \(e.line): \"\(e.value)\"); \(SessionValue.acceptedForms)")
            }
            if zoned != e.zoned {
                throw AuditError("line \(rows[i].line): \(label) \"\(v)\" \(zoned ? "has" : "has no") time zone, but line \(e.line) (\"\(e.value)\") \(e.zoned ? "has" : "has no") one; give every date-time of the column with a zone (Z, +01:00) or none")
            }
        }
        let kind = established?.kind ?? "number"
        // Rows that are not administrations are placed when their value fits the column.
        for i in rows.indices where !admin[i] {
            if raw[i].isEmpty { values[i] = primary ? nil : -.infinity; continue }
            let cls = SessionValue.classify(raw[i])
            if cls.kind == kind { classes[i] = cls }
        }
        var events: [String]?
        if kind == "event" {
            let order = try eventOrder(rows: rows, raw: raw, eligible: classes.map { $0?.kind == "event" }, label: label)
            let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, Double($0)) })
            for i in rows.indices where classes[i]?.kind == "event" { values[i] = index[raw[i]] }
            events = order
        } else {
            for i in rows.indices {
                switch classes[i] {
                case .number(let x)?: values[i] = x
                case .date(let s, let z)? where z == (established?.zoned ?? false): values[i] = s
                default: break
                }
            }
        }
        return Column(kind: kind, values: values, events: events)
    }

    private static func article(_ kind: String) -> String {
        kind == "event" ? "an event name" : "a \(kind)"
    }

    /// Merges each record's event sequence into one order (rule 3); ties go to the event seen
    /// first in the file. Records that disagree (a cycle) stop the run.
    static func eventOrder(rows: [AuditRow], raw: [String], eligible: [Bool], label: String) throws -> [String] {
        var names: [String] = []
        var number: [String: Int] = [:]
        var seen: [String: [Int]] = [:]          // client → events in its first-appearance order
        var edges: [Int: Set<Int>] = [:]
        var edgeLines: [[Int]: (Int, Int)] = [:]
        var lastLine: [String: Int] = [:]
        for i in rows.indices where eligible[i] {
            let e = raw[i]
            if number[e] == nil { number[e] = names.count; names.append(e) }
            let v = number[e]!
            let client = rows[i].client
            var list = seen[client, default: []]
            if !list.contains(v) {
                if let u = list.last {
                    edges[u, default: []].insert(v)
                    if edgeLines[[u, v]] == nil { edgeLines[[u, v]] = (lastLine[client] ?? rows[i].line, rows[i].line) }
                }
                list.append(v)
                seen[client] = list
            }
            lastLine[client] = rows[i].line
        }
        var indegree = Array(repeating: 0, count: names.count)
        for (_, vs) in edges { for v in vs { indegree[v] += 1 } }
        var done = Array(repeating: false, count: names.count)
        var order: [String] = []
        while let next = indegree.indices.first(where: { !done[$0] && indegree[$0] == 0 }) {
            done[next] = true
            order.append(names[next])
            for v in edges[next] ?? [] { indegree[v] -= 1 }
        }
        guard order.count < names.count else { return order }
        // A cycle among the rest: walk back along predecessors until a node repeats.
        let rest = names.indices.filter { !done[$0] }
        func predecessor(_ v: Int) -> Int { rest.first { !done[$0] && edges[$0]?.contains(v) == true }! }
        var path = [rest[0]]
        while true {
            let p = predecessor(path.last!)
            if let at = path.firstIndex(of: p) { path = Array(path[at...]); break }
            path.append(p)
        }
        // path holds v₀ ← v₁ ← … : edges v₁→v₀, v₂→v₁, … and v₀→vₙ closes it.
        let cycle = Array(path.reversed())
        let pairs = cycle.indices.map { k -> String in
            let u = cycle[k], v = cycle[(k + 1) % cycle.count]
            let lines = edgeLines[[u, v]].map { " (lines \($0.0), \($0.1))" } ?? ""
            return "\"\(names[u])\" before \"\(names[v])\"\(lines)"
        }
        throw AuditError("the \(label) lists events in different orders in different records: \(pairs.joined(separator: ", ")); give the order with --session-order \(names.joined(separator: ","))")
    }
}
