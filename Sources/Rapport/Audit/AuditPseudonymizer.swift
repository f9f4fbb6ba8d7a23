import Crypto
import Foundation

/// Labels for client and therapist IDs in audit outputs: the ID itself, or a keyed pseudonym.
///
/// Pseudonym = prefix + the first 16 hex digits of HMAC-SHA256(key, kind ‖ 0x00 ‖ id), with
/// prefix `c-` (client) or `t-` (therapist). Stable for the same key, unrelated across keys,
/// not reversible without the key. The kind in the message keeps a client and a therapist with
/// the same ID apart.
public struct AuditPseudonymizer: Sendable {
    private let key: [UInt8]?

    /// No key: labels are the IDs themselves.
    public init() { key = nil }

    /// A keyed pseudonymizer; the key is the file's bytes (at least 16 of them).
    public init(key bytes: [UInt8]) throws {
        guard bytes.count >= 16 else {
            throw AuditError("the pseudonymization key has \(bytes.count) bytes; use at least 16 (e.g. head -c 32 /dev/urandom > audit.key)")
        }
        key = bytes
    }

    public var isKeyed: Bool { key != nil }

    public func client(_ id: String) -> String { label(id, kind: "client", prefix: "c-") }
    public func therapist(_ id: String) -> String { label(id, kind: "therapist", prefix: "t-") }

    private func label(_ id: String, kind: String, prefix: String) -> String {
        guard let key else { return id }
        var message = Array(kind.utf8)
        message.append(0)
        message.append(contentsOf: Array(id.utf8))
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        let hex = mac.prefix(8).map { String(format: "%02x", $0) }.joined()
        return prefix + hex
    }
}
