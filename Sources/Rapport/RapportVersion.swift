/// The version of Rapport, written into every report's provenance.
public enum RapportVersion {
    public static let string = "0.1.0"
}
