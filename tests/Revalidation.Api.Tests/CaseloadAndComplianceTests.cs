using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Revalidation.Api.Compliance;
using Revalidation.Api.Contracts;
using Revalidation.Api.Security;
using Revalidation.Core.Caseload;
using Revalidation.Core.Common;
using Revalidation.Core.Compliance;
using Revalidation.Core.DesignatedBodies;
using CaseloadRow = Revalidation.Contracts.CaseloadRow;
using DoctorStatus = Revalidation.Contracts.DoctorStatus;
using RecommendationStatus = Revalidation.Contracts.RecommendationStatus;

namespace Revalidation.Api.Tests;

/// <summary>
/// The RO's caseload (sorted, paged, filtered, scoped to one designated body) and the medical director's
/// compliance summary and CSV, checked against what the domain computes from the store's summaries.
/// </summary>
public sealed class CaseloadAndComplianceTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Demo = "1-DEMO01";

    private DateOnly Today => UkCalendar.Today(factory.Time);

    // ---- caseload ----

    [Fact]
    public async Task Caseload_ByDefault_ListsEveryActiveDoctorSortedByRsd()
    {
        var expected = (await RowsAsync()).Where(r => r.Status == DoctorStatus.Active).ToList();
        using var ro = factory.ResponsibleOfficer();

        var page = await CaseloadAsync(ro, "pageSize=500");

        Assert.Equal((expected.Count, 1, 500), (page.Total, page.Page, page.PageSize));
        Assert.True(expected.Count >= 58, "The demo body has 58 active doctors.");
        Assert.Equal(expected.Select(r => r.DoctorId).Order(), page.Items.Select(r => r.DoctorId).Order());
        AssertSorted(page.Items, (a, b) => Compare(a.Rsd, b.Rsd) is var c && c != 0 ? c : string.Compare(a.FamilyName, b.FamilyName, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(50, (await CaseloadAsync(ro, string.Empty)).PageSize);
    }

    [Fact]
    public async Task Caseload_WhenPaged_ReturnsEachDoctorOnceWithTheTotalOnEveryPage()
    {
        using var ro = factory.ResponsibleOfficer();
        var all = await CaseloadAsync(ro, "pageSize=500");
        const int size = 7;
        var pages = (all.Total + size - 1) / size;
        var seen = new List<Guid>();

        for (var number = 1; number <= pages; number++)
        {
            var page = await CaseloadAsync(ro, $"page={number}&pageSize={size}");
            Assert.Equal((all.Total, number, size), (page.Total, page.Page, page.PageSize));
            Assert.Equal(Math.Min(size, all.Total - ((number - 1) * size)), page.Items.Count);
            seen.AddRange(page.Items.Select(r => r.DoctorId));
        }

        Assert.Equal(all.Items.Select(r => r.DoctorId), seen);
        var beyond = await CaseloadAsync(ro, $"page={pages + 1}&pageSize={size}");
        Assert.Equal((0, all.Total), (beyond.Items.Count, beyond.Total));
        var huge = await CaseloadAsync(ro, $"page={int.MaxValue}&pageSize=500");
        Assert.Empty(huge.Items);
    }

    private static readonly Dictionary<string, Func<CaseloadRow, bool>> Filters = new()
    {
        ["underNotice=true"] = r => r.Status == DoctorStatus.Active && r.UnderNotice,
        ["underNotice=false"] = r => r.Status == DoctorStatus.Active && !r.UnderNotice,
        ["readiness=ready"] = r => r.Status == DoctorStatus.Active && r.Ready,
        ["readiness=gaps"] = r => r.Status == DoctorStatus.Active && !r.Ready,
        ["underNotice=true&readiness=gaps"] = r => r.Status == DoctorStatus.Active && r.UnderNotice && !r.Ready,
        ["department=psychiatry"] = r => r.Status == DoctorStatus.Active && r.Department == "Psychiatry",
        ["department=%20Radiology%20"] = r => r.Status == DoctorStatus.Active && r.Department == "Radiology",
        ["department=psych"] = r => r.Status == DoctorStatus.Active && r.Department == "Psychiatry",
        ["department=SURG"] = r => r.Status == DoctorStatus.Active && r.Department == "General Surgery",
        ["department=e&q=a"] = r => r.Status == DoctorStatus.Active && r.Department is { } d && d.Contains('e', StringComparison.OrdinalIgnoreCase)
            && ($"{r.GivenName} {r.FamilyName}".Contains('a', StringComparison.OrdinalIgnoreCase)),
        ["q=Khan"] = r => r.Status == DoctorStatus.Active && r.FamilyName == "Khan",
        ["q=amara"] = r => r.Status == DoctorStatus.Active && r.GivenName == "Amara",
        ["q=710"] = r => r.Status == DoctorStatus.Active && r.GmcNumber.StartsWith("710", StringComparison.Ordinal),
        ["tag=under-notice"] = r => r.Status == DoctorStatus.Active && r.UnderNotice,
        ["tag=overdue"] = r => r.Status == DoctorStatus.Active && r.Overdue,
        ["tag=submitted"] = r => r.Status == DoctorStatus.Active && r.OpenRecommendation is RecommendationStatus.Submitted or RecommendationStatus.UnderReview,
        ["tag=deferred"] = r => r.Status == DoctorStatus.Active && r.Tags.Contains(CaseloadTags.Deferred),
        ["tag=investigation"] = r => r.Status == DoctorStatus.Active && r.Tags.Contains(CaseloadTags.Investigation),
        ["tag=local-process"] = r => r.Status == DoctorStatus.Active && r.Tags.Contains(CaseloadTags.LocalProcess),
        ["status=leaver"] = r => r.Status == DoctorStatus.Leaver,
        ["status=all"] = _ => true,
        ["status=leaver&tag=leaver"] = r => r.Status == DoctorStatus.Leaver,
        ["dueBefore=2027-01-31"] = r => r.Status == DoctorStatus.Active && r.Rsd <= new DateOnly(2027, 1, 31),
    };

    public static TheoryData<string> FilterQueries() => [.. Filters.Keys];

    [Trait("Rule", "R3")]
    [Theory]
    [MemberData(nameof(FilterQueries))]
    public async Task Caseload_WhenFiltered_ReturnsExactlyTheMatchingDoctors(string query)
    {
        var rows = await RowsAsync();
        var expected = rows.Where(Filters[query]).Select(r => r.DoctorId).Order().ToList();
        Assert.NotEmpty(expected); // the demo data has every state, so no filter is checked vacuously
        using var ro = factory.ResponsibleOfficer();

        var page = await CaseloadAsync(ro, $"{query}&pageSize=500");

        Assert.Equal(expected, page.Items.Select(r => r.DoctorId).Order());
        Assert.Equal(expected.Count, page.Total);
        AssertSorted(page.Items, (a, b) => Compare(a.Rsd, b.Rsd));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("gaps")]
    public async Task Caseload_WhenSortedByNameOrGaps_IsInThatOrder(string sort)
    {
        using var ro = factory.ResponsibleOfficer();

        var page = await CaseloadAsync(ro, $"sort={sort}&pageSize=500");

        if (sort == "name")
        {
            AssertSorted(page.Items, (a, b) => string.Compare(a.FamilyName, b.FamilyName, StringComparison.OrdinalIgnoreCase) is var c && c != 0
                ? c : string.Compare(a.GivenName, b.GivenName, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            AssertSorted(page.Items, (a, b) => b.GapCount.CompareTo(a.GapCount) is var c && c != 0 ? c : Compare(a.Rsd, b.Rsd));
        }
    }

    [Theory]
    [InlineData("sort=name&dir=desc")]
    [InlineData("sort=gaps&dir=asc")]
    [InlineData("dir=desc")]
    [InlineData("sort=name&dir=ASC")]
    public async Task Caseload_WithADirection_IsInThatOrder(string query)
    {
        using var ro = factory.ResponsibleOfficer();

        var page = await CaseloadAsync(ro, $"{query}&pageSize=500");

        Comparison<CaseloadRow> byName = (a, b) => string.Compare(a.FamilyName, b.FamilyName, StringComparison.OrdinalIgnoreCase) is var c && c != 0
            ? c : string.Compare(a.GivenName, b.GivenName, StringComparison.OrdinalIgnoreCase);
        Comparison<CaseloadRow> comparison = query switch
        {
            "sort=name&dir=desc" => (a, b) => byName(b, a),
            "sort=gaps&dir=asc" => (a, b) => a.GapCount.CompareTo(b.GapCount) is var c && c != 0 ? c : Compare(a.Rsd, b.Rsd),

            // latest RSD first; a doctor without one still last
            "dir=desc" => (a, b) => (a.Rsd is null).CompareTo(b.Rsd is null) is var c && c != 0 ? c : Nullable.Compare(b.Rsd, a.Rsd),
            _ => byName,
        };
        AssertSorted(page.Items, comparison);
        Assert.True(page.Items.Count > 1);
        var usual = await CaseloadAsync(ro, $"{query.Split('&').FirstOrDefault(p => p.StartsWith("sort=", StringComparison.Ordinal)) ?? "sort=rsd"}&pageSize=500");
        Assert.Equal(usual.Items.Select(r => r.DoctorId).Order(), page.Items.Select(r => r.DoctorId).Order());
    }

    [Fact]
    public async Task Caseload_ForAnotherBodysRo_ShowsNoneOfTheDemoBodysDoctors()
    {
        var other = DesignatedBodyCode.Parse("1-CASEX");
        Assert.True((await factory.Bodies.SaveDesignatedBodyAsync(DesignatedBody.Create(other, "Case Other Trust", new StaffMember("case-other-ro", "Dr Other")).Value!, [])).Saved);
        var theirs = await TestDoctors.CreateAsync(factory, rsdInDays: 60, body: other.Value);
        var demoIds = (await RowsAsync()).Select(r => r.DoctorId).ToHashSet();
        using var otherRo = factory.ClientAs("case-other-ro", Roles.ResponsibleOfficer, other.Value);
        using var strangerRo = factory.ClientAs("nobody-ro", Roles.ResponsibleOfficer, "1-NOBODY");
        using var demoRo = factory.ResponsibleOfficer();

        var otherPage = await CaseloadAsync(otherRo, "status=all&pageSize=500");
        var strangerPage = await CaseloadAsync(strangerRo, "status=all&pageSize=500");
        var demoPage = await CaseloadAsync(demoRo, "status=all&pageSize=500");

        Assert.Equal(theirs.Id, Assert.Single(otherPage.Items).DoctorId);
        Assert.Equal(1, otherPage.Total);
        Assert.Empty(strangerPage.Items);
        Assert.DoesNotContain(otherPage.Items, r => demoIds.Contains(r.DoctorId));
        Assert.DoesNotContain(demoPage.Items, r => r.DoctorId == theirs.Id);
        using var search = await otherRo.GetAsync($"/api/caseload?status=all&q={DemoDoctorFamilyName}");
        Assert.Empty((await search.ReadAsync<CaseloadPage>()).Items);
    }

    private const string DemoDoctorFamilyName = "Khan";

    // ---- compliance ----

    [Trait("Rule", "R15")]
    [Theory]
    [InlineData(Roles.MedicalDirector, "demo-medical-director")]
    [InlineData(Roles.ResponsibleOfficer, "demo-ro")]
    public async Task Compliance_EqualsTheSummaryBuiltFromTheStoresDoctorsForToday(string role, string userId)
    {
        var expected = ComplianceSummary.Build(await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo)), Today, factory.Options());
        using var client = factory.ClientAs(userId, role);

        var actual = JsonNode.Parse(await client.GetStringAsync("/api/compliance"));

        var wanted = JsonSerializer.SerializeToNode(expected, TestJson.Options);
        Assert.True(JsonNode.DeepEquals(wanted, actual), $"Expected {wanted}\nbut got {actual}");
        Assert.Equal(Today, expected.AsOf);
        Assert.True(expected.ActiveDoctors >= 58 && expected.UnderNotice > 0 && expected.OverdueRecommendations > 0 && expected.AwaitingGmc > 0);
    }

    /// <summary>Issue 15, item 10: every count on the compliance dashboard opens the caseload of exactly the doctors it counts.</summary>
    [Fact]
    public async Task Compliance_EachCount_EqualsTheCaseloadTotalOfTheQueryItLinksTo()
    {
        var summary = ComplianceSummary.Build(await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo)), Today, factory.Options());
        using var ro = factory.ResponsibleOfficer();
        var expected = new List<(string Query, int Count)>
        {
            ("tag=under-notice", summary.UnderNotice),
            ("tag=under-notice&readiness=ready", summary.UnderNoticeReady),
            ("tag=overdue", summary.OverdueRecommendations),
            ("tag=submitted", summary.AwaitingGmc),
            ("tag=deferred", summary.CurrentlyDeferred),
        };
        foreach (var (year, counts) in new[] { ("current", summary.CurrentYear), ("previous", summary.PreviousYear) })
        {
            expected.Add(($"appraisal=completed&appraisalYear={year}", counts.Completed));
            expected.Add(($"appraisal=approved-missed&appraisalYear={year}", counts.ApprovedMissed));
            expected.Add(($"appraisal=unapproved-missed&appraisalYear={year}", counts.UnapprovedMissed));
            expected.Add(($"appraisal=due&appraisalYear={year}", counts.Due));
            expected.Add(($"appraisal=overdue&appraisalYear={year}", counts.Overdue));
        }

        foreach (var d in summary.ByDepartment)
        {
            var department = "departmentIs=" + Uri.EscapeDataString(d.Department);
            expected.Add((department, d.Doctors));
            expected.Add((department + "&tag=under-notice", d.UnderNotice));
            expected.Add((department + "&tag=overdue", d.Overdue));
            expected.Add((department + "&readiness=ready", d.Ready));
            expected.Add((department + "&appraisal=completed", d.CurrentYear.Completed));
        }

        Assert.Contains(summary.ByDepartment, d => d.Department == ComplianceSummary.NoDepartment || d.Department.Contains(' ', StringComparison.Ordinal));
        Assert.Contains(expected, e => e.Query.StartsWith("appraisal=completed", StringComparison.Ordinal) && e.Count > 0);
        foreach (var (query, count) in expected)
        {
            var page = await CaseloadAsync(ro, query + "&pageSize=1");
            Assert.True(count == page.Total, $"{query}: the dashboard counts {count}, the caseload lists {page.Total}");
        }
    }

    [Theory]
    [InlineData("appraisal=missed", "appraisal")]
    [InlineData("appraisalYear=last", "appraisalYear")]
    [InlineData("departmentIs=", null)]
    public async Task Caseload_WithAnUnknownAppraisalFilter_IsRefusedNamingTheField(string query, string? field)
    {
        using var ro = factory.ResponsibleOfficer();

        using var response = await ro.GetAsync($"/api/caseload?{query}");

        if (field is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compliance_ForAnotherBodysMedicalDirector_CountsOnlyThatBody()
    {
        var other = DesignatedBodyCode.Parse("1-COMPX");
        Assert.True((await factory.Bodies.SaveDesignatedBodyAsync(DesignatedBody.Create(other, "Compliance Other Trust", new StaffMember("comp-other-ro", "Dr Other")).Value!, [])).Saved);
        await TestDoctors.CreateAsync(factory, rsdInDays: 60, body: other.Value);
        using var md = factory.ClientAs("comp-other-md", Roles.MedicalDirector, other.Value);

        var summary = JsonNode.Parse(await md.GetStringAsync("/api/compliance"))!;

        Assert.Equal(1, summary["activeDoctors"]!.GetValue<int>());
        Assert.Equal(1, summary["underNotice"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExportCsv_HasAHeaderRowOneRowPerDepartmentAndATotalRowThatAddsUp()
    {
        var expected = ComplianceSummary.Build(await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(Demo)), Today, factory.Options());
        using var md = factory.MedicalDirector();

        using var response = await md.GetAsync("/api/compliance/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"compliance-{Demo}-{Today:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.Equal(ComplianceEndpoints.ToCsv(expected), text);

        var rows = Csv.Parse(text);
        Assert.Equal(1 + expected.ByDepartment.Count + 1, rows.Count);
        Assert.Equal(["Department", "Doctors", "Under notice", "Overdue recommendations", "Ready"], rows[0][..5]);
        Assert.All(rows, r => Assert.Equal(rows[0].Length, r.Length));
        Assert.Equal(expected.ByDepartment.Select(d => Csv.Parse(ComplianceEndpoints.Cell(d.Department))[0][0]), rows[1..^1].Select(r => r[0]));
        Assert.Equal(ComplianceEndpoints.AsOfColumn, rows[0][^1]);
        Assert.All(rows[1..], r => Assert.Equal(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r[^1]));
        var total = rows[^1];
        Assert.Equal("All departments", total[0]);
        Assert.Equal(expected.ActiveDoctors.ToString(CultureInfo.InvariantCulture), total[1]);
        for (var column = 1; column < total.Length - 1; column++)
        {
            var sum = rows[1..^1].Sum(r => int.Parse(r[column], CultureInfo.InvariantCulture));
            Assert.True(sum == int.Parse(total[column], CultureInfo.InvariantCulture), $"Column '{rows[0][column]}' totals {total[column]} but its departments add up to {sum}.");
        }
    }

    [Fact]
    public async Task ExportCsv_WhenADepartmentNameLooksLikeAFormula_NeutralisesIt()
    {
        string[] departments = ["=HYPERLINK(\"http://evil.example\",\"Click\")", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+cmd", "-1-cmd", "\t=1+1"];
        foreach (var department in departments)
        {
            await TestDoctors.CreateAsync(factory, rsdInDays: 500, department: department);
        }

        using var md = factory.MedicalDirector();
        var text = Encoding.UTF8.GetString((await md.GetByteArrayAsync("/api/compliance/export.csv"))[3..]);

        var cells = Csv.Parse(text).SelectMany(r => r).ToList();
        foreach (var department in departments)
        {
            Assert.Contains("'" + department.Trim(), cells); // names are stored trimmed
        }

        Assert.All(cells, c => Assert.True(
            c.Length == 0 || !"=+-@\t\r".Contains(c[0], StringComparison.Ordinal) || double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            $"A spreadsheet would run the cell {c} as a formula."));
    }

    [Fact]
    public async Task ExportCsv_EndsRecordsWithCrlf_AndReadsBackThroughTheProductsOwnReader()
    {
        string[] departments = ["Ear, Nose and Throat", "The \"new\" unit", "=1+2"];
        foreach (var department in departments)
        {
            await TestDoctors.CreateAsync(factory, rsdInDays: 500, department: department);
        }

        using var md = factory.MedicalDirector();
        var text = Encoding.UTF8.GetString((await md.GetByteArrayAsync("/api/compliance/export.csv"))[3..]);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        using var reader = new StringReader(text);
        var records = CsvRecords.Read(reader).ToList();
        Assert.All(records, r => Assert.Null(r.Problem));
        var names = records.Select(r => r.Fields[0]).ToList();
        Assert.Contains("Ear, Nose and Throat", names);
        Assert.Contains("The \"new\" unit", names);
        Assert.Contains("'=1+2", names);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+44 20 7946 0000", "'+44 20 7946 0000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("-5", "-5")]
    [InlineData("+5", "+5")]
    [InlineData("3.5", "3.5")]
    [InlineData("", "")]
    [InlineData("Emergency Medicine", "Emergency Medicine")]
    [InlineData("Ear, Nose and Throat", "\"Ear, Nose and Throat\"")]
    [InlineData("The \"new\" unit", "\"The \"\"new\"\" unit\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Cell_WhenTextCouldRunAsAFormulaOrNeedsQuoting_PrefixesOrQuotesIt(string value, string expected) =>
        Assert.Equal(expected, ComplianceEndpoints.Cell(value));

    // ---- helpers ----

    private async Task<List<CaseloadRow>> RowsAsync(string body = Demo) =>
        (await factory.Doctors.ListDoctorSummariesAsync(DesignatedBodyCode.Parse(body))).Select(s => Core.Caseload.CaseloadRow.From(s, Today, factory.Options()).ToContract()).ToList();

    private static async Task<CaseloadPage> CaseloadAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/caseload?{query}");
        return await response.ReadAsync<CaseloadPage>();
    }

    private static int Compare(DateOnly? a, DateOnly? b) => (a ?? DateOnly.MaxValue).CompareTo(b ?? DateOnly.MaxValue);

    private static void AssertSorted(IReadOnlyList<CaseloadRow> rows, Comparison<CaseloadRow> comparison)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(comparison(rows[i - 1], rows[i]) <= 0, $"Rows {i - 1} and {i} are out of order: {rows[i - 1]} / {rows[i]}");
        }
    }

    /// <summary>A strict RFC 4180 reader, so the tests see the cells a spreadsheet would.</summary>
    private static class Csv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var row = new List<string>();
            var cell = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        cell.Append(c);
                    }
                }
                else if (c == '"' && cell.Length == 0)
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    row.Add(cell.ToString());
                    cell.Clear();
                }
                else if (c is '\n' or '\r')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    row.Add(cell.ToString());
                    cell.Clear();
                    rows.Add([.. row]);
                    row.Clear();
                }
                else
                {
                    cell.Append(c);
                }
            }

            Assert.False(quoted, "The CSV ends inside a quoted cell.");
            if (cell.Length > 0 || row.Count > 0)
            {
                row.Add(cell.ToString());
                rows.Add([.. row]);
            }

            return rows;
        }
    }
}
