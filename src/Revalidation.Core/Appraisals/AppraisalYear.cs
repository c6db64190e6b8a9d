using Revalidation.Core.Common;

namespace Revalidation.Core.Appraisals;

/// <summary>
/// R14: an appraisal year, named by the calendar year it starts in (2025 = 1 April 2025 – 31 March 2026
/// with England's April start). The start month is configuration.
/// </summary>
public readonly record struct AppraisalYear(int StartYear, int StartMonth = 4)
{
    public DateOnly Start => new(StartYear, StartMonth, 1);

    public DateOnly End => Start.AddYears(1).AddDays(-1);

    public string Label => StartMonth == 1 ? $"{StartYear}" : $"{StartYear}/{(StartYear + 1) % 100:00}";

    public static AppraisalYear Containing(DateOnly date, int startMonth = 4) =>
        new(date.Month >= startMonth ? date.Year : date.Year - 1, startMonth);

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public AppraisalYear Next => this with { StartYear = StartYear + 1 };

    /// <summary>The calendar month in this year when a doctor with the given due month is appraised.</summary>
    public (DateOnly First, DateOnly Last) DueMonth(int dueMonth)
    {
        var year = dueMonth >= StartMonth ? StartYear : StartYear + 1;
        return (new DateOnly(year, dueMonth, 1), UkCalendar.LastDayOfMonth(year, dueMonth));
    }

    /// <summary>The appraisal years that touch [from, to], in order.</summary>
    public static IEnumerable<AppraisalYear> Spanning(DateOnly from, DateOnly to, int startMonth = 4)
    {
        for (var y = Containing(from, startMonth); y.Start <= to; y = y.Next)
        {
            yield return y;
        }
    }

    public override string ToString() => Label;
}
