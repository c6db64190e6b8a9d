using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Gmc;

/// <summary>
/// The GMC Connect list of connected doctors, as an admin downloads it and uploads it here (the route without a
/// web-service account). A header row names the columns, matched without regard to case, spaces, underscores or
/// hyphens: the GMC number (<c>GMC Reference Number</c>, <c>GMC Number</c>) is required; optional are first and last
/// name, <c>Submission Date</c> (the RSD), <c>Under Notice</c>, <c>Investigation</c>, <c>Preliminary Investigation</c>,
/// <c>Sanction</c>, <c>Doctor Status</c>, <c>Date Added</c>. Every bad row is named by its line; nothing applies then.
/// </summary>
public static class GmcDoctorListCsv
{
    public const int MaxRows = 100_000;

    private static readonly Dictionary<string, string[]> Columns = new(StringComparer.Ordinal)
    {
        ["gmc"] = ["gmcreferencenumber", "gmcnumber", "gmcno", "gmc", "doctoruid", "gmcref"],
        ["first"] = ["doctorfirstname", "firstname", "forename", "givenname"],
        ["last"] = ["doctorlastname", "lastname", "surname", "familyname"],
        ["rsd"] = ["submissiondate", "revalidationdate", "rsd", "revalidationsubmissiondate"],
        ["status"] = ["doctorstatus", "status"],
        ["added"] = ["dateadded", "connectiondate", "dateconnected"],
        ["notice"] = ["undernotice"],
        ["investigation"] = ["investigation", "gmcinvestigation"],
        ["preliminary"] = ["preliminaryinvestigation"],
        ["sanction"] = ["sanction"],
    };

    public static Result<IReadOnlyList<GmcConnectedDoctor>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        var lines = CsvRecords.Read(reader).ToList();
        if (lines.Count == 0 || lines[0].IsBlank)
        {
            return Result<IReadOnlyList<GmcConnectedDoctor>>.Fail(RuleIds.Validation, "file", "The file is empty: it needs a header row and a row per connected doctor.");
        }

        if (lines[0].Problem is { } unreadable)
        {
            return Result<IReadOnlyList<GmcConnectedDoctor>>.Fail(RuleIds.Validation, "line 1", $"The header row cannot be read: {unreadable}");
        }

        var header = lines[0].Fields.Select(Normalise).ToList();
        var index = Columns.ToDictionary(c => c.Key, c => header.FindIndex(h => c.Value.Contains(h)), StringComparer.Ordinal);
        if (index["gmc"] < 0)
        {
            return Result<IReadOnlyList<GmcConnectedDoctor>>.Fail(RuleIds.Validation, "line 1", "The header row has no GMC number column ('GMC Reference Number').");
        }

        if (lines.Count - 1 > MaxRows)
        {
            return Result<IReadOnlyList<GmcConnectedDoctor>>.Fail(RuleIds.Validation, "file", $"At most {MaxRows} doctors per file.");
        }

        var violations = new List<RuleViolation>();
        var doctors = new List<GmcConnectedDoctor>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, fields, problem) in lines.Skip(1))
        {
            var where = $"line {line}";
            if (problem is not null)
            {
                violations.Add(new(RuleIds.Validation, where, $"The row cannot be read: {problem}"));
                continue;
            }

            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            // Null when the list has no such column, or the cell is blank: the GMC's fact then stays as it was.
            string? Field(string name) => index[name] is >= 0 and var i && i < fields.Count && !string.IsNullOrWhiteSpace(fields[i]) ? fields[i].Trim() : null;

            // A yes/no column the list carries: a blank cell is the GMC's "no" (an empty string), only an absent column is null
            // (docs/domain.md#r10: a list changes the GMC's flag only when it carries the column).
            string? Flag(string name) => index[name] >= 0 ? Field(name) ?? string.Empty : null;
            var gmc = Field("gmc");
            if (!GmcNumber.TryParse(gmc, out var number))
            {
                violations.Add(new(RuleIds.GmcNumberFormat, where, "The GMC number must be exactly 7 digits (R12)."));
                continue;
            }

            if (seen.TryGetValue(number.Value, out var first))
            {
                violations.Add(new(RuleIds.GmcNumberFormat, where, $"GMC number repeated (first on line {first})."));
                continue;
            }

            seen[number.Value] = line;
            foreach (var date in new[] { "rsd", "added" })
            {
                if (Field(date) is { } value && GmcLink.ParseDate(value) is null)
                {
                    violations.Add(new(RuleIds.Validation, where, $"'{value}' is not a date (dd/MM/yyyy)."));
                }
            }

            doctors.Add(new GmcConnectedDoctor(number.Value, Field("first"), Field("last"), Field("rsd"), Field("status"), Field("added"),
                Flag("notice"), Flag("investigation"), Flag("preliminary"), Field("sanction")));
        }

        return violations.Count > 0 ? Result<IReadOnlyList<GmcConnectedDoctor>>.Fail(Result.Fail(violations.Take(100))) : doctors;
    }

    private static string Normalise(string header) =>
        new(header.Trim().ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
