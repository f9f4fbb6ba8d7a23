import Testing
@testable import RapportStatistics
