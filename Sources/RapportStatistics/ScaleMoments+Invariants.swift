extension ScaleMoments {
#if RAPPORT_INTERNAL_CHECKS
    /// Every invariant of ``invariantViolation()`` (counts that add up, category counts equal
    /// to each item's answers, exact sums within what the rows can produce…), checked in debug
    /// and test builds only (`RAPPORT_INTERNAL_CHECKS`, as swift-collections'
    /// `_checkInvariants()`). State files are checked by the same function when decoded, in
    /// every build.
    package func _checkInvariants() {
        if let v = invariantViolation() { preconditionFailure("ScaleMoments: \(v)") }
    }
#else
    @inline(__always) package func _checkInvariants() {}
#endif
}
