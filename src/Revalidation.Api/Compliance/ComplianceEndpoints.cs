using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Compliance;

namespace Revalidation.Api.Compliance;

/// <summary>The medical director's compliance summary for the designated body, as JSON and CSV.</summary>
public static class ComplianceEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/compliance", Get).RequireAuthorization(Policies.Oversight)
            .WithSummary("AOA classification counts (current and previous appraisal year), under notice, overdue, RSDs per month, deferral rate, by department. Medical director, RO.");
        api.MapGet("/compliance/export.csv", ExportCsv).RequireAuthorization(Policies.Oversight)
            .WithSummary("The same summary as CSV: one row per department and a total row, each with the date the figures are as of (column \"As of\", yyyy-MM-dd). Medical director, RO.");
        api.MapGet("/compliance/export.xlsx", ExportXlsx).RequireAuthorization(Policies.Oversight)
            .WithSummary("The same summary as an Excel workbook: a title row with the date the figures are as of, the CSV's table (numbers as numbers), and RSDs per month for the next 12 months (months as dates). Medical director, RO.");
    }

    private static async Task<Ok<Revalidation.Contracts.ComplianceSummary>> Get(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var doctors = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        return TypedResults.Ok(ComplianceSummary.Build(doctors, api.Today, api.Options).ToContract());
    }

    private static async Task<FileContentHttpResult> ExportCsv(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var doctors = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var summary = ComplianceSummary.Build(doctors, api.Today, api.Options);
        var csv = ToCsv(summary);
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8",
            $"compliance-{user.DesignatedBody.Value}-{summary.AsOf:yyyy-MM-dd}.csv");
    }

    private static async Task<FileContentHttpResult> ExportXlsx(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var doctors = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var summary = ComplianceSummary.Build(doctors, api.Today, api.Options);
        return TypedResults.File(ToXlsx(summary), XlsxContentType, $"compliance-{user.DesignatedBody.Value}-{summary.AsOf:yyyy-MM-dd}.xlsx");
    }

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The row the workbook's table starts on: row 1 is the title that says the date, row 2 is blank.</summary>
    public const int XlsxTableRow = 3;

    /// <summary>"As of 3 December 2026": the day the figures were produced, in plain UK form.</summary>
    public static string AsOfText(DateOnly asOf) => $"As of {asOf.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The CSV's rows as a workbook (sheet "Compliance": a title row saying the date they are as of, then the table, text as
    /// text, counts as numbers, so nothing is ever run as a formula) and a second sheet "RSDs by month" (the months as dates).
    /// </summary>
    public static byte[] ToXlsx(ComplianceSummary s)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Compliance");
        Title(sheet, $"Compliance summary. {AsOfText(s.AsOf)}");
        var rows = Table(s);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(XlsxTableRow + r, c + 1);
                if (rows[r][c] is int number)
                {
                    cell.SetValue(number);
                }
                else
                {
                    cell.SetValue(Convert.ToString(rows[r][c], CultureInfo.InvariantCulture) ?? string.Empty);
                    cell.DataType = XLDataType.Text;
                }
            }
        }

        sheet.Row(XlsxTableRow).Style.Font.Bold = true;
        sheet.Row(XlsxTableRow + rows.Count - 1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(XlsxTableRow);

        var months = workbook.Worksheets.Add("RSDs by month");
        Title(months, $"Revalidation submission dates in the next 12 months. {AsOfText(s.AsOf)}");
        months.Cell(XlsxTableRow, 1).SetValue("Month");
        months.Cell(XlsxTableRow, 2).SetValue("Doctors");
        months.Row(XlsxTableRow).Style.Font.Bold = true;
        for (var i = 0; i < s.RsdsNext12Months.Count; i++)
        {
            var m = s.RsdsNext12Months[i];
            var month = months.Cell(XlsxTableRow + 1 + i, 1);
            month.SetValue(new DateTime(m.Year, m.Month, 1, 0, 0, 0, DateTimeKind.Unspecified)); // a real date: sorts and filters as one
            month.Style.DateFormat.Format = MonthFormat;
            months.Cell(XlsxTableRow + 1 + i, 2).SetValue(m.Count);
        }

        months.Column(1).Width = 12;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>The Excel number format of the months column: "Dec 2026".</summary>
    public const string MonthFormat = "mmm yyyy";

    private static void Title(IXLWorksheet sheet, string text)
    {
        var cell = sheet.Cell(1, 1);
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        cell.Style.Font.Bold = true;
        cell.Style.Font.FontSize = 14;
    }

    /// <summary>The export's table: a header row, one row per department, a total row.</summary>
    public static List<object[]> Table(ComplianceSummary s)
    {
        var rows = new List<object[]>
        {
            new object[]
            {
                "Department", "Doctors", "Under notice", "Overdue recommendations", "Ready",
                $"{s.CurrentYear.Year} completed", $"{s.CurrentYear.Year} approved missed", $"{s.CurrentYear.Year} unapproved missed", $"{s.CurrentYear.Year} due", $"{s.CurrentYear.Year} overdue",
                $"{s.PreviousYear.Year} completed", $"{s.PreviousYear.Year} approved missed", $"{s.PreviousYear.Year} unapproved missed",
            },
        };
        rows.AddRange(s.ByDepartment.Select(d => Cells(d.Department, d.Doctors, d.UnderNotice, d.Overdue, d.Ready, d.CurrentYear, d.PreviousYear)));
        rows.Add(Cells("All departments", s.ActiveDoctors, s.UnderNotice, s.OverdueRecommendations, s.ByDepartment.Sum(d => d.Ready), s.CurrentYear, s.PreviousYear));
        return rows;
    }

    private static object[] Cells(string name, int doctors, int underNotice, int overdue, int ready, AoaCounts current, AoaCounts previous) =>
    [
        name, doctors, underNotice, overdue, ready,
        current.Completed, current.ApprovedMissed, current.UnapprovedMissed, current.Due, current.Overdue,
        previous.Completed, previous.ApprovedMissed, previous.UnapprovedMissed,
    ];

    /// <summary>The CSV's last column: the day the figures are as of, on every row.</summary>
    public const string AsOfColumn = "As of";

    /// <summary>
    /// The export's table as RFC 4180 CSV (CRLF line ends), every cell through <see cref="Neutralise"/>, with a last column
    /// "As of" holding the day the figures were produced as an ISO 8601 date (2026-12-03) on every row. A column rather than
    /// a title line: the file stays one rectangular table with one header row, so any CSV reader (the product's own, Excel,
    /// pandas) reads it without skipping lines, and a row copied or merged into another file keeps its date; ISO because a
    /// day-first date (03/12/2026) is read as 12 March by a US-locale spreadsheet.
    /// </summary>
    public static string ToCsv(ComplianceSummary s)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, CsvOptions, leaveOpen: true))
        {
            var asOf = s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var table = Table(s);
            for (var r = 0; r < table.Count; r++)
            {
                csv.WriteRecord([.. table[r].Select(c => Neutralise(Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty)), r == 0 ? AsOfColumn : asOf]);
            }
        }

        return text.ToString();
    }

    /// <summary>One cell as the export writes it: neutralised, then quoted as RFC 4180 needs.</summary>
    public static string Cell(string value)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = CsvWriter.Create(text, CsvOptions, leaveOpen: true);
        csv.WriteField(Neutralise(value));
        csv.Flush(); // the field, without the line end that disposing the writer would add to the unfinished record
        return text.ToString();
    }

    /// <summary>
    /// A leading apostrophe for text a spreadsheet would run as a formula (it starts with = + - @, tab or CR), unless it
    /// is a number. Done here rather than by CsvHelper's <see cref="CsvInjection.Escape"/>, which would also quote every
    /// such cell and escape numbers written as text ("-5").
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;

    private static readonly CsvWriterOptions CsvOptions = CsvWriterOptions.Default with
    {
        Separator = ',',
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.None, // see Neutralise
        NewLine = "\r\n",
    };
}
