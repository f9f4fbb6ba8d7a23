/// Pure numerics for Rapport: moments, correlation, the α family, ω, split-half, ICC,
/// distributions and reliable change. No file I/O, no XML, no CSV.
public enum RapportStatisticsModule {}
