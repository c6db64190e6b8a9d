using System.Globalization;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Imports;

/// <summary>Which of the appraisal toolkit's exports a file is.</summary>
public enum ToolkitImportKind
{
    Appraisals,
    Feedback,
}

/// <summary>One data line of an import file, read: its values, or why it is refused (the CSV column named).</summary>
public sealed record ToolkitImportRow(int Line, string? GmcNumber, ToolkitImportRow.Values? Read, string? RefusedColumn = null, string? Refusal = null)
{
    public abstract record Values(GmcNumber Gmc);

    public sealed record Appraisal(GmcNumber Gmc, AppraisalYear Year, DateOnly MeetingDate, DateOnly? SignedOffOn, string AppraiserName, string? AppraiserGmcNumber,
        bool PdpAgreed, string? Statements) : Values(Gmc);

    public sealed record Feedback(GmcNumber Gmc, SupportingInformationType Type, DateOnly CompletedOn, string Provider) : Values(Gmc);
}

/// <summary>
/// Issue 16, item 6: the appraisal toolkit's CSV exports (L2P, SARD, Clarity, FourteenFish), read through the product's
/// one CSV reader (<see cref="CsvRecords"/>). A header row is required; column names are matched without regard to case,
/// surrounding spaces, or spaces and hyphens for underscores; other columns are ignored. Each data line is read on its own:
/// a bad line is refused with its line number and column, and the others still count. The columns are documented in
/// the README ("Imports from the appraisal toolkit").
/// </summary>
public static class ToolkitImportCsv
{
    public const int MaxRows = 5_000;

    public static readonly IReadOnlyList<string> AppraisalColumns =
        ["gmc_number", "appraisal_year", "meeting_date", "signed_off_date", "appraiser_name", "appraiser_gmc_number", "pdp_agreed", "statements"];

    public static readonly IReadOnlyList<string> AppraisalRequired = ["gmc_number", "appraisal_year", "meeting_date", "appraiser_name", "pdp_agreed"];

    public static readonly IReadOnlyList<string> FeedbackColumns = ["gmc_number", "kind", "completed_date", "provider"];

    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"];

    /// <summary>The file's rows, or what makes the whole file unreadable (empty, no header, a required column missing, too many lines).</summary>
    public static Result<IReadOnlyList<ToolkitImportRow>> Parse(ToolkitImportKind kind, string text, DateOnly today, int startMonth)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        var lines = CsvRecords.Read(reader).ToList();
        if (lines.Count == 0 || lines[0].IsBlank)
        {
            return Result<IReadOnlyList<ToolkitImportRow>>.Fail(RuleIds.Validation, "file", "The file is empty: it needs a header row naming the columns, then a line per record.");
        }

        if (lines[0].Problem is { } unreadable)
        {
            return Result<IReadOnlyList<ToolkitImportRow>>.Fail(RuleIds.Validation, "file", $"The header row (line 1) cannot be read: {unreadable}");
        }

        var header = lines[0].Fields.Select(Normalise).ToList();
        var columns = kind == ToolkitImportKind.Appraisals ? AppraisalColumns : FeedbackColumns;
        var required = kind == ToolkitImportKind.Appraisals ? AppraisalRequired : FeedbackColumns;
        var missing = required.Where(c => !header.Contains(c)).ToList();
        if (missing.Count == required.Count)
        {
            return Result<IReadOnlyList<ToolkitImportRow>>.Fail(RuleIds.Validation, "file",
                $"The first line is not a header row: it must name the columns ({string.Join(", ", columns)}).");
        }

        if (missing.Count > 0)
        {
            return Result<IReadOnlyList<ToolkitImportRow>>.Fail(RuleIds.Validation, "file",
                $"The header row (line 1) has no {string.Join(", ", missing)} column{(missing.Count == 1 ? "" : "s")}.");
        }

        if (lines.Count - 1 > MaxRows)
        {
            return Result<IReadOnlyList<ToolkitImportRow>>.Fail(RuleIds.Validation, "file", $"At most {MaxRows:N0} lines per file.");
        }

        var index = columns.ToDictionary(c => c, c => header.IndexOf(c), StringComparer.Ordinal);
        var rows = new List<ToolkitImportRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields, problem) in lines.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace) && problem is null)
            {
                continue;
            }

            string? Field(string name) => index[name] is >= 0 and var i && i < fields.Count && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;
            var gmcText = Field("gmc_number");
            ToolkitImportRow Refuse(string column, string why) => new(line, gmcText, null, column, why);
            if (problem is not null)
            {
                rows.Add(Refuse("file", $"The line cannot be read: {problem}"));
                continue;
            }

            if (!GmcNumber.TryParse(gmcText, out var gmc))
            {
                rows.Add(Refuse("gmc_number", gmcText is null ? "The GMC number is missing." : $"'{gmcText}' is not a GMC number (exactly 7 digits)."));
                continue;
            }

            var read = kind == ToolkitImportKind.Appraisals ? ReadAppraisal(gmc, Field, today, startMonth) : ReadFeedback(gmc, Field);
            if (read.Refusal is { } refusal)
            {
                rows.Add(Refuse(refusal.Column, refusal.Why));
                continue;
            }

            var key = read.Values! switch
            {
                ToolkitImportRow.Appraisal a => $"{gmc.Value}|{a.Year.StartYear}",
                ToolkitImportRow.Feedback f => $"{gmc.Value}|{f.Type}|{f.CompletedOn:yyyy-MM-dd}|{f.Provider.ToUpperInvariant()}",
                _ => throw new InvalidOperationException(),
            };
            if (seen.TryGetValue(key, out var first))
            {
                rows.Add(Refuse(kind == ToolkitImportKind.Appraisals ? "appraisal_year" : "completed_date",
                    kind == ToolkitImportKind.Appraisals
                        ? $"A duplicate of line {first}: the same doctor and appraisal year."
                        : $"A duplicate of line {first}: the same doctor, kind, date and provider."));
                continue;
            }

            seen[key] = line;
            rows.Add(new ToolkitImportRow(line, gmc.Value, read.Values));
        }

        return rows;
    }

    private static (ToolkitImportRow.Values? Values, (string Column, string Why)? Refusal) ReadAppraisal(GmcNumber gmc, Func<string, string?> field, DateOnly today, int startMonth)
    {
        var yearText = field("appraisal_year");
        if (yearText is null)
        {
            return (null, ("appraisal_year", "The appraisal year is missing (for example 2025/26)."));
        }

        if (ParseYear(yearText) is not { } startYear)
        {
            return (null, ("appraisal_year", $"'{yearText}' is not an appraisal year: write it as 2025/26, or 2025 for the year starting in 2025."));
        }

        if (startYear < 2000 || startYear > today.Year + 1)
        {
            return (null, ("appraisal_year", $"Appraisal year {new AppraisalYear(startYear, startMonth).Label} is not allowed: from 2000 to next year only."));
        }

        var meeting = Date(field, "meeting_date", "meeting date", required: true);
        if (meeting.Refusal is not null)
        {
            return (null, meeting.Refusal);
        }

        var signed = Date(field, "signed_off_date", "sign-off date", required: false);
        if (signed.Refusal is not null)
        {
            return (null, signed.Refusal);
        }

        if (field("appraiser_name") is not { } appraiser)
        {
            return (null, ("appraiser_name", "The appraiser's name is missing."));
        }

        var appraiserGmc = field("appraiser_gmc_number");
        if (appraiserGmc is not null && !GmcNumber.TryParse(appraiserGmc, out _))
        {
            return (null, ("appraiser_gmc_number", $"'{appraiserGmc}' is not a GMC number (exactly 7 digits)."));
        }

        bool pdp;
        switch (field("pdp_agreed")?.ToLowerInvariant())
        {
            case "yes" or "y" or "true":
                pdp = true;
                break;
            case "no" or "n" or "false":
                pdp = false;
                break;
            case null:
                return (null, ("pdp_agreed", "Say whether the personal development plan was agreed: yes or no."));
            case var other:
                return (null, ("pdp_agreed", $"'{field("pdp_agreed")}' is not yes or no."));
        }

        return (new ToolkitImportRow.Appraisal(gmc, new AppraisalYear(startYear, startMonth), meeting.Date!.Value, signed.Date, appraiser, appraiserGmc, pdp, field("statements")), null);
    }

    private static (ToolkitImportRow.Values? Values, (string Column, string Why)? Refusal) ReadFeedback(GmcNumber gmc, Func<string, string?> field)
    {
        SupportingInformationType type;
        switch (field("kind")?.ToLowerInvariant())
        {
            case "colleague":
                type = SupportingInformationType.ColleagueFeedback;
                break;
            case "patient":
                type = SupportingInformationType.PatientFeedback;
                break;
            case null:
                return (null, ("kind", "The kind is missing: colleague or patient."));
            default:
                return (null, ("kind", $"'{field("kind")}' is not a kind of feedback: colleague or patient."));
        }

        var completed = Date(field, "completed_date", "completed date", required: true);
        if (completed.Refusal is not null)
        {
            return (null, completed.Refusal);
        }

        return field("provider") is { } provider
            ? (new ToolkitImportRow.Feedback(gmc, type, completed.Date!.Value, provider), null)
            : (null, ("provider", "The provider of the feedback exercise is missing."));
    }

    private static (DateOnly? Date, (string Column, string Why)? Refusal) Date(Func<string, string?> field, string column, string words, bool required)
    {
        var text = field(column);
        if (text is null)
        {
            return required ? (null, (column, $"The {words} is missing.")) : (null, null);
        }

        return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? (date, null)
            : (null, (column, $"'{text}' is not a real date: write it as dd/mm/yyyy or yyyy-mm-dd."));
    }

    /// <summary>"2025/26" or "2025-26" (the second part must follow the first) or "2025".</summary>
    internal static int? ParseYear(string text)
    {
        var parts = text.Split('/', '-');
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) || parts[0].Length != 4)
        {
            return null;
        }

        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) || parts[1].Length != 2 || end != (start + 1) % 100))
        {
            return null;
        }

        return start;
    }

    private static string Normalise(string header) =>
        string.Join('_', header.Trim().ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
}
