using System.Net;
using ClosedXML.Excel;
using Revalidation.Api.Compliance;
using Revalidation.Core.Common;
using Revalidation.Core.Compliance;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Api.Tests;

/// <summary>The compliance summary as an Excel workbook (GET /api/compliance/export.xlsx), read back with ClosedXML.</summary>
public sealed class ComplianceXlsxTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Demo = "1-DEMO01";

    [Fact]
    public async Task ExportXlsx_HasTheCsvTableWithCountsAsNumbersAndTheMonthsSheet()
    {
        var expected = ComplianceSummary.Build(await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo)), UkCalendar.Today(factory.Time), factory.Options());
        using var md = factory.MedicalDirector();

        using var response = await md.GetAsync("/api/compliance/export.xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ComplianceEndpoints.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"compliance-{Demo}-{expected.AsOf:yyyy-MM-dd}.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Compliance");
        var table = ComplianceEndpoints.Table(expected);
        var first = ComplianceEndpoints.XlsxTableRow;
        Assert.Equal($"Compliance summary. As of {expected.AsOf.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", sheet.Cell(1, 1).GetString());
        Assert.Equal(first + table.Count - 1, sheet.LastRowUsed().RowNumber());
        for (var r = 0; r < table.Count; r++)
        {
            for (var c = 0; c < table[r].Length; c++)
            {
                var cell = sheet.Cell(first + r, c + 1);
                if (table[r][c] is int number)
                {
                    Assert.Equal(XLDataType.Number, cell.DataType);
                    Assert.Equal(number, cell.GetValue<int>());
                }
                else
                {
                    Assert.Equal(XLDataType.Text, cell.DataType);
                    Assert.Equal((string)table[r][c], cell.GetString());
                }
            }
        }

        Assert.Equal("All departments", sheet.Cell(first + table.Count - 1, 1).GetString());
        Assert.Equal(expected.ActiveDoctors, sheet.Cell(first + table.Count - 1, 2).GetValue<int>());
        var months = workbook.Worksheet("RSDs by month");
        Assert.StartsWith("Revalidation submission dates in the next 12 months. As of ", months.Cell(1, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(["Month", "Doctors"], [months.Cell(first, 1).GetString(), months.Cell(first, 2).GetString()]);
        Assert.Equal(expected.RsdsNext12Months.Select(m => m.Count), Enumerable.Range(first + 1, 12).Select(r => months.Cell(r, 2).GetValue<int>()));
    }

    [Fact]
    public async Task ExportXlsx_SaysTheDayItIsAsOf_AndTheMonthsAreDatesFormattedAsMonths()
    {
        using var md = factory.MedicalDirector();

        using var workbook = new XLWorkbook(new MemoryStream(await md.GetByteArrayAsync("/api/compliance/export.xlsx")));

        var today = UkCalendar.Today(factory.Time);
        var asOf = $"As of {today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}";
        Assert.EndsWith(asOf, workbook.Worksheet("Compliance").Cell(1, 1).GetString(), StringComparison.Ordinal);
        var months = workbook.Worksheet("RSDs by month");
        Assert.EndsWith(asOf, months.Cell(1, 1).GetString(), StringComparison.Ordinal);
        var first = months.Cell(ComplianceEndpoints.XlsxTableRow + 1, 1);
        Assert.Equal(XLDataType.DateTime, first.DataType);
        Assert.Equal(new DateTime(today.Year, today.Month, 1), first.GetDateTime());
        Assert.Equal("mmm yyyy", first.Style.DateFormat.Format);
    }

    [Fact]
    public void ToXlsx_TextThatLooksLikeAFormula_IsStoredAsText()
    {
        var summary = new ComplianceSummary(new DateOnly(2026, 1, 1), 1, 0, new AoaCounts("2025/26", 1, 0, 0, 0, 0), new AoaCounts("2024/25", 1, 0, 0, 0, 0),
            0, 0, 0, 0, 0, 0, [], [new DepartmentCompliance("=HYPERLINK(\"http://x\",\"y\")", 1, 0, 0, 1, new AoaCounts("2025/26", 1, 0, 0, 0, 0), new AoaCounts("2024/25", 1, 0, 0, 0, 0))]);

        using var workbook = new XLWorkbook(new MemoryStream(ComplianceEndpoints.ToXlsx(summary)));
        var cell = workbook.Worksheet("Compliance").Cell(ComplianceEndpoints.XlsxTableRow + 1, 1);

        Assert.False(cell.HasFormula);
        Assert.Equal("=HYPERLINK(\"http://x\",\"y\")", cell.GetString());
        Assert.Equal(1, workbook.Worksheet("Compliance").Cell(ComplianceEndpoints.XlsxTableRow + 1, 2).GetValue<int>());
    }
}
