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
            .WithSummary("The same summary as CSV: one row per department and a total row. Medical director, RO.");
        api.MapGet("/compliance/export.xlsx", ExportXlsx).RequireAuthorization(Policies.Oversight)
            .WithSummary("The same summary as an Excel workbook: the CSV's table (numbers as numbers), and RSDs per month for the next 12 months. Medical director, RO.");
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

    /// <summary>
    /// The CSV's rows as a workbook (sheet "Compliance": text as text, counts as numbers, so nothing is ever run as a
    /// formula) and a second sheet "RSDs by month".
    /// </summary>
    public static byte[] ToXlsx(ComplianceSummary s)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Compliance");
        var rows = Table(s);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = sheet.Cell(r + 1, c + 1);
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

        sheet.Row(1).Style.Font.Bold = true;
        sheet.Row(rows.Count).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);

        var months = workbook.Worksheets.Add("RSDs by month");
        months.Cell(1, 1).SetValue("Month");
        months.Cell(1, 2).SetValue("Doctors");
        months.Row(1).Style.Font.Bold = true;
        for (var i = 0; i < s.RsdsNext12Months.Count; i++)
        {
            var m = s.RsdsNext12Months[i];
            months.Cell(i + 2, 1).SetValue($"{m.Year:0000}-{m.Month:00}");
            months.Cell(i + 2, 1).DataType = XLDataType.Text;
            months.Cell(i + 2, 2).SetValue(m.Count);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
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

    /// <summary>The export's table as RFC 4180 CSV (CRLF line ends), every cell through <see cref="Neutralise"/>.</summary>
    public static string ToCsv(ComplianceSummary s)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, CsvOptions, leaveOpen: true))
        {
            foreach (var row in Table(s))
            {
                csv.WriteRecord([.. row.Select(c => Neutralise(Convert.ToString(c, CultureInfo.InvariantCulture) ?? string.Empty))]);
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
