namespace BreachConsole.Core.Incidents;

/// <summary>US federal holidays (5 U.S.C. §6103), with a Saturday holiday observed on Friday and a Sunday one on Monday.</summary>
public static class UsFederalHolidays
{
    public static bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(date);

    public static bool IsHoliday(DateOnly date) =>
        ObservedIn(date.Year).Contains(date) || ObservedIn(date.Year + 1).Contains(date);

    /// <summary>The observed dates of the holidays of <paramref name="year"/> (New Year's Day may be observed on 31 December before).</summary>
    public static IReadOnlyList<DateOnly> ObservedIn(int year) =>
    [
        Observed(new DateOnly(year, 1, 1)),
        Nth(year, 1, DayOfWeek.Monday, 3),   // Birthday of Martin Luther King, Jr.
        Nth(year, 2, DayOfWeek.Monday, 3),   // Washington's Birthday
        Last(year, 5, DayOfWeek.Monday),     // Memorial Day
        Observed(new DateOnly(year, 6, 19)), // Juneteenth
        Observed(new DateOnly(year, 7, 4)),  // Independence Day
        Nth(year, 9, DayOfWeek.Monday, 1),   // Labor Day
        Nth(year, 10, DayOfWeek.Monday, 2),  // Columbus Day
        Observed(new DateOnly(year, 11, 11)), // Veterans Day
        Nth(year, 11, DayOfWeek.Thursday, 4), // Thanksgiving Day
        Observed(new DateOnly(year, 12, 25)), // Christmas Day
    ];

    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)day - (int)first.DayOfWeek + 7) % 7 + (7 * (n - 1)));
    }

    private static DateOnly Last(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }
}
