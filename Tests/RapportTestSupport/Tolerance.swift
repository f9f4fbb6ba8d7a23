/// Whether `actual` matches its reference `expected` within a stated tolerance: the one
/// approximate comparison of Rapport's tests (as swift-numerics' `isApproximatelyEqual`).
///
/// ```
/// |actual − expected| ≤ max(absolute, relative · |expected|)
/// ```
/// - `relative`: for quantities of any size (R references printed to 15–17 digits: 1e-9 for
///   closed forms, 1e-5 or 1e-6 for iterative ones such as minres ω).
/// - `absolute`: a floor for values near zero, where a relative bound means nothing; pass the
///   same number as `relative` for "relative, but absolute below 1".
/// - NaN matches NaN (R's `NA` is our NaN) and nothing else; equal values always match
///   (infinities included).
public func isClose(_ actual: Double, _ expected: Double, relative: Double = 0, absolute: Double = 0) -> Bool {
    if actual.isNaN || expected.isNaN { return actual.isNaN && expected.isNaN }
    if actual == expected { return true }
    return abs(actual - expected) <= max(absolute, relative * abs(expected))
}

/// ``isClose(_:_:relative:absolute:)`` for values read from JSON: an absent value (a missing
/// key, a `null`) never matches, so a misspelt key fails the test instead of passing it.
public func isClose(_ actual: Double?, _ expected: Double?, relative: Double = 0, absolute: Double = 0) -> Bool {
    guard let actual, let expected else { return false }
    return isClose(actual, expected, relative: relative, absolute: absolute)
}
