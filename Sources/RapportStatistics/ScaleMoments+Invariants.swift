extension ScaleMoments {
#if RAPPORT_INTERNAL_CHECKS
    /// The counting identities every accumulation keeps, checked in debug and test builds only
    /// (`RAPPORT_INTERNAL_CHECKS`, as swift-collections' `_checkInvariants()`):
    /// ```
    /// 0 ≤ complete,  complete + empty ≤ rows
    /// complete ≤ n_ii ≤ rows − empty          (answers per item)
    /// complete ≤ n_ij ≤ rows − empty          (pairwise counts, i ≠ j)
    /// ```
    package func _checkInvariants() {
        precondition(completeRows >= 0 && emptyRows >= 0 && completeRows + emptyRows <= rows,
                     "ScaleMoments: \(completeRows) complete and \(emptyRows) empty of \(rows) rows")
        let most = rows - emptyRows
        for n in answeredCounts {
            precondition(n >= completeRows && n <= most, "ScaleMoments: an item has \(n) answers of \(rows) rows")
        }
        let pairs = pairwiseCountRange
        precondition(pairs.min >= completeRows && pairs.max <= most,
                     "ScaleMoments: pairwise counts \(pairs.min)…\(pairs.max) outside \(completeRows)…\(most)")
    }
#else
    @inline(__always) package func _checkInvariants() {}
#endif
}
