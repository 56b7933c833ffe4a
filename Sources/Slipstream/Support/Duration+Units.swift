extension Duration {
    /// `minutes` minutes: windows, TTLs and lateness read naturally (`.minutes(10)`).
    public static func minutes(_ minutes: Int) -> Duration { .seconds(minutes * 60) }

    /// `hours` hours.
    public static func hours(_ hours: Int) -> Duration { .seconds(hours * 3_600) }

    /// `days` days of 24 hours.
    public static func days(_ days: Int) -> Duration { .seconds(days * 86_400) }
}
