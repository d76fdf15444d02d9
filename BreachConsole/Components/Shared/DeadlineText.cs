using System.Globalization;
using BreachConsole.Core.Incidents;

namespace BreachConsole.Components.Shared;

public enum DeadlineUrgency
{
    /// <summary>More than <see cref="DeadlineText.Soon"/> left.</summary>
    Later,

    /// <summary>Under <see cref="DeadlineText.Soon"/> left: amber.</summary>
    Soon,

    /// <summary>Past due: red.</summary>
    Overdue,

    /// <summary>The law sets no fixed hours ("without undue delay").</summary>
    NoFixedHours,
}

/// <summary>How a regulatory deadline reads: "EU authority due in 2 d 18 h", amber under 48 h, red when overdue.</summary>
public static class DeadlineText
{
    public static readonly TimeSpan Soon = TimeSpan.FromHours(48);

    public static DeadlineUrgency Urgency(Deadline deadline, DateTimeOffset now) => deadline.DueAt switch
    {
        null => DeadlineUrgency.NoFixedHours,
        { } due when due <= now => DeadlineUrgency.Overdue,
        { } due when due - now < Soon => DeadlineUrgency.Soon,
        _ => DeadlineUrgency.Later,
    };

    public static string Who(Deadline deadline) =>
        $"{deadline.Jurisdiction} {deadline.Audience.ToString().ToLowerInvariant()}";

    public static string Countdown(Deadline deadline, DateTimeOffset now) => deadline.DueAt switch
    {
        null => $"{Who(deadline)}: no fixed hours",
        { } due when due <= now => $"{Who(deadline)} overdue by {Span(now - due)}",
        { } due => $"{Who(deadline)} due in {Span(due - now)}",
    };

    /// <summary>"2 d 18 h", "5 h 12 min", "12 min" (rounded down to the minute; under a minute is "under 1 min").</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "under 1 min";
        }

        if (span.TotalDays >= 1)
        {
            return span.Hours == 0 ? $"{span.Days} d" : $"{span.Days} d {span.Hours} h";
        }

        if (span.TotalHours >= 1)
        {
            return span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min";
        }

        return $"{span.Minutes} min";
    }

    /// <summary>The nearest deadline with fixed hours (overdue ones first, as they are the most urgent), else null.</summary>
    public static Deadline? Nearest(IEnumerable<Deadline> deadlines) =>
        deadlines.Where(d => d.DueAt is not null).OrderBy(d => d.DueAt).FirstOrDefault();

    /// <summary>"Thu 3 Dec 2026, 14:00 (America/New_York) · 19:00 UTC"; only UTC when the person's zone is UTC.</summary>
    public static string LocalAndUtc(DateTimeOffset at, TimeZoneInfo zone)
    {
        var utc = at.ToUniversalTime();
        if (zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime)
        {
            return utc.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id}) · "
            + utc.ToString(local.Date == utc.Date ? "HH:mm" : "d MMM, HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }
}
