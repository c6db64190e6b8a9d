using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 15, item 2 ("the appraiser signs off blind"): the chosen year's checklist and evidence before the sign-off form;
/// each doctor's appraisal on its own page, opening where the appraiser is looking; a search of the allocated list; a
/// distinct name for every button and link; a success banner that takes focus; no sideways scrolling on a phone.
/// Every doctor of the demo body is allocated to the appraiser persona (Dr Sam Patel).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class AppraiserUiTests(ServerFixture server)
{
    [Fact]
    public async Task Appraiser_OpensADoctor_SeesTheYearsChecklistAndEvidenceBeforeTheForm_AndDownloadsAFile()
    {
        var (doctorId, year, item) = await DoctorPersonaWithAFileAsync();
        var record = await server.GetJsonAsync("appraiser", $"api/doctors/{doctorId}");
        var name = $"{record.GetProperty("givenName").GetString()} {record.GetProperty("familyName").GetString()}";
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await page.GotoAsync($"/appraiser?q={record.GetProperty("gmcNumber").GetString()}");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex($"^Record appraisal for {Regex.Escape(name)}") }).ClickAsync();
        await page.SelectOptionAsync("#year", year.ToString(CultureInfo.InvariantCulture));

        // The year's checklist, in words: each item of the year's group (and the cycle's), done or what is missing.
        var group = record.GetProperty("rules").GetProperty("checklist").EnumerateArray()
            .Single(g => g.GetProperty("year").ValueKind == JsonValueKind.Number && g.GetProperty("year").GetInt32() == year);
        var checklist = page.GetByTestId("appraiser-checklist");
        await Expect(checklist).ToContainTextAsync(group.GetProperty("heading").GetString()!);
        foreach (var i in group.GetProperty("items").EnumerateArray())
        {
            await Expect(checklist).ToContainTextAsync(i.GetProperty("name").GetString()!);
            if (!i.GetProperty("done").GetBoolean())
            {
                await Expect(checklist).ToContainTextAsync(i.GetProperty("missing").GetString()!);
            }
        }

        var otherYear = record.GetProperty("rules").GetProperty("checklist").EnumerateArray()
            .FirstOrDefault(g => g.GetProperty("year").ValueKind == JsonValueKind.Number && g.GetProperty("year").GetInt32() != year);
        if (otherYear.ValueKind == JsonValueKind.Object)
        {
            await Expect(checklist).Not.ToContainTextAsync(otherYear.GetProperty("heading").GetString()!);
        }

        // The year's evidence: title, type and date in plain words, and the file.
        var title = item.GetProperty("title").GetString()!;
        var row = page.GetByTestId("appraiser-evidence").Locator("tr", new() { HasText = title });
        await Expect(row).ToContainTextAsync("Quality improvement activity");
        var activity = DateOnly.Parse(item.GetProperty("activityDate").GetString()!, CultureInfo.InvariantCulture);
        await Expect(row).ToContainTextAsync(activity.ToString("d MMMM yyyy", CultureInfo.InvariantCulture));

        // Both come before the sign-off form.
        var formTop = await TopAsync(page.GetByTestId("appraisal-form"));
        Assert.True(await TopAsync(checklist) < formTop, "The checklist is not above the sign-off form.");
        Assert.True(await TopAsync(page.GetByTestId("appraiser-evidence")) < formTop, "The evidence is not above the sign-off form.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "appraiser-doctor-year.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser's view of a doctor's year");

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Download") }).ClickAsync());
        Assert.Equal(item.GetProperty("fileName").GetString(), download.SuggestedFilename);
        var trail = (await server.GetJsonAsync("ro", $"api/doctors/{doctorId}/audit")).EnumerateArray().ToList();
        Assert.Contains(trail, e => e.GetProperty("action").GetString() == "evidence.downloaded" && e.GetProperty("actorRole").GetString() == "Appraiser");
    }

    [Fact]
    public async Task Appraiser_PicksADoctor_TheAppraisalOpensOnItsOwnPage_WithFocusOnItsHeading_AndBackKeepsTheSearch()
    {
        var doctors = (await server.GetJsonAsync("appraiser", "api/appraiser/doctors")).EnumerateArray().ToList();
        var doctor = doctors.First(d => d.GetProperty("givenName").GetString() != "Fiona");
        var family = doctor.GetProperty("familyName").GetString()!;
        var name = $"{doctor.GetProperty("givenName").GetString()} {family}";
        var gmc = doctor.GetProperty("gmcNumber").GetString()!;
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await page.FillAsync("#q", family.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/appraiser\\?q={Regex.Escape(family.ToLowerInvariant())}$"));

        await page.GetByRole(AriaRole.Link, new() { Name = $"Record appraisal for {name}, GMC number {gmc}" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"/appraiser/{doctor.GetProperty("doctorId").GetString()}\\?"));
        var heading = page.Locator("h1");
        await Expect(heading).ToContainTextAsync(name);
        await Expect(heading).ToBeFocusedAsync();
        await Expect(heading).ToBeInViewportAsync();
        await Expect(page.GetByTestId("allocated-table")).ToHaveCountAsync(0); // the list is not on the page above it
        await Expect(page.Locator("#record-heading")).ToBeVisibleAsync();

        // The chosen year is in the address: a reload shows it.
        var options = await page.Locator("#year option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)");
        var chosen = options[^1];
        await page.SelectOptionAsync("#year", chosen);
        await Expect(page).ToHaveURLAsync(new Regex($"year={chosen}"));
        await page.ReloadAsync();
        await Expect(page.Locator("#year")).ToHaveValueAsync(chosen, new() { Timeout = 30_000 });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser's doctor page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to allocated doctors" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Allocated doctors");
        await Expect(page.Locator("#q")).ToHaveValueAsync(family.ToLowerInvariant());
        await Expect(page.GetByTestId("allocated-table").Locator("tbody tr", new() { HasText = $"GMC {gmc}" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AllocatedList_SearchesByNameOrGmcNumber_AnyCase_AndSaysWhenNoDoctorMatches()
    {
        var doctors = (await server.GetJsonAsync("appraiser", "api/appraiser/doctors")).EnumerateArray().ToList();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        var rows = page.GetByTestId("allocated-table").Locator("tbody tr");

        // Part of a GMC number.
        var gmc = doctors[^1].GetProperty("gmcNumber").GetString()!;
        await SearchAsync(page, gmc[1..]);
        var expected = doctors.Count(d => d.GetProperty("gmcNumber").GetString()!.Contains(gmc[1..], StringComparison.Ordinal));
        await Expect(rows).ToHaveCountAsync(Math.Min(expected, 25));
        await Expect(rows.Filter(new() { HasText = $"GMC {gmc}" })).ToHaveCountAsync(1);

        // Part of a family name, in capitals.
        var family = doctors[0].GetProperty("familyName").GetString()!;
        var part = family[..Math.Min(4, family.Length)].ToUpperInvariant();
        await SearchAsync(page, part);
        expected = doctors.Count(d => $"{d.GetProperty("givenName").GetString()} {d.GetProperty("familyName").GetString()}".Contains(part, StringComparison.OrdinalIgnoreCase)
            || d.GetProperty("gmcNumber").GetString()!.Contains(part, StringComparison.OrdinalIgnoreCase));
        await Expect(rows).ToHaveCountAsync(Math.Min(expected, 25));
        await Expect(page.GetByTestId("allocated-count")).ToContainTextAsync(new Regex($"match(es)? “{Regex.Escape(part)}”"));
        await Expect(page).ToHaveURLAsync(new Regex($"q={part}"));

        // Nothing matches: say so, and offer the way back.
        await SearchAsync(page, "Zzqx");
        await Expect(page.GetByTestId("allocated-empty")).ToContainTextAsync("No allocated doctor matches “Zzqx”");
        await Expect(page.GetByTestId("allocated-table")).ToHaveCountAsync(0);
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "allocated doctors, no match");
        await page.GetByTestId("clear-search").ClickAsync();
        await Expect(rows).ToHaveCountAsync(Math.Min(doctors.Count, 25));
    }

    [Fact]
    public async Task EveryButtonAndLink_OnTheAppraisersPages_HasItsOwnAccessibleName()
    {
        var (doctorId, year, _) = await DoctorPersonaWithAFileAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await Expect(page.GetByTestId("allocated-table")).ToBeVisibleAsync();
        await AssertDistinctNamesAsync(page, "the allocated list");

        await page.GotoAsync($"/appraiser/{doctorId}?year={year}");
        await Expect(page.GetByTestId("appraiser-evidence")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await AssertDistinctNamesAsync(page, "a doctor's appraisal");
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser's doctor page with a file");
    }

    [Fact]
    public async Task SaveAppraisal_ShowsASuccessBanner_WhereTheAppraiserIsLooking_WithFocusOnIt()
    {
        var (doctorId, name, gmc, year) = await PickYearToRecordAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await page.GotoAsync($"/appraiser?q={gmc}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Record appraisal for {name}, GMC number {gmc}" }).ClickAsync();
        await page.SelectOptionAsync("#year", year.ToString(CultureInfo.InvariantCulture));
        await page.FillAsync("#meetingDate", $"{year}-04-15");
        await page.CheckAsync("#pdpAgreed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save appraisal" }).ClickAsync();

        var banner = page.GetByTestId("appraisal-saved");
        await Expect(banner).ToContainTextAsync("The appraisal is recorded.");
        await Expect(banner).ToContainTextAsync($"{name}'s {year}/{(year + 1) % 100:00} appraisal is saved");
        await Expect(banner).ToHaveAttributeAsync("role", "alert");
        await Expect(banner).ToBeFocusedAsync();
        await Expect(banner).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "appraiser-saved.png") });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser's doctor page after saving");

        var record = await server.GetJsonAsync("appraiser", $"api/doctors/{doctorId}");
        var saved = record.GetProperty("appraisalYears").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == year);
        Assert.Equal($"{year}-04-15", saved.GetProperty("meetingDate").GetString());
    }

    [Fact]
    public async Task AppraisersPages_OnAPhone_DoNotScrollSideways()
    {
        var (doctorId, year, _) = await DoctorPersonaWithAFileAsync();
        var page = await server.NewPageAsync(390, 844);
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await Expect(page.GetByTestId("allocated-table")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "The allocated list scrolls sideways on a phone.");

        await page.GotoAsync($"/appraiser/{doctorId}?year={year}");
        await Expect(page.GetByTestId("appraiser-evidence")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("appraiser-checklist")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "A doctor's appraisal page scrolls sideways on a phone.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "appraiser-doctor-phone.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser's doctor page (phone)");
    }

    private static async Task<double> TopAsync(ILocator locator) => (await locator.First.BoundingBoxAsync())!.Y;

    /// <summary>Every button and link on the page, by its accessible name (the accessibility tree, as a screen reader lists them): no two alike.</summary>
    private static async Task AssertDistinctNamesAsync(IPage page, string screen)
    {
        var snapshot = await page.Locator("body").AriaSnapshotAsync();
        var names = ControlName().Matches(snapshot).Select(m => $"{m.Groups["role"].Value} \"{m.Groups["name"].Value}\"").ToList();
        Assert.NotEmpty(names);
        var repeated = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"On {screen}, several controls share a name: {string.Join("; ", repeated)}");
    }

    [GeneratedRegex("""- (?<role>button|link) "(?<name>(?:[^"\\]|\\.)*)"(?: \[[^\]]*\])*:?""", RegexOptions.Multiline)]
    private static partial Regex ControlName();

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.FillAsync("#q", text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"q={Regex.Escape(Uri.EscapeDataString(text))}"));
    }

    /// <summary>
    /// The doctor persona (allocated to the appraiser, like every demo doctor) adds a PDF through the API to a year that has
    /// started and is not signed off (the demo's seeded evidence has no files), once per run.
    /// </summary>
    private async Task<(string DoctorId, int Year, JsonElement Item)> DoctorPersonaWithAFileAsync()
    {
        var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString()!;
        var record = await server.GetJsonAsync("appraiser", $"api/doctors/{doctorId}");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var year = record.GetProperty("appraisalYears").EnumerateArray()
            .Where(y => y.GetProperty("status").GetString() != "NotStarted" && y.GetProperty("signedOffOn").ValueKind == JsonValueKind.Null
                && new DateOnly(y.GetProperty("year").GetInt32(), 10, 1) <= today)
            .Select(y => y.GetProperty("year").GetInt32()).OrderDescending().First();
        var evidence = (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}/evidence")).EnumerateArray()
            .FirstOrDefault(e => e.GetProperty("title").GetString() == FileTitle && e.GetProperty("appraisalYear").GetInt32() == year);
        if (evidence.ValueKind == JsonValueKind.Object)
        {
            return (doctorId, year, evidence.Clone());
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent("QualityImprovementActivity"), "type" },
            { new StringContent(FileTitle), "title" },
            { new StringContent($"{year}-10-01"), "activityDate" },
            { new StringContent(year.ToString(CultureInfo.InvariantCulture)), "appraisalYear" },
        };
        var pdf = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Guid.NewGuid():N}\n" + "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"));
        pdf.Headers.ContentType = new("application/pdf");
        form.Add(pdf, "file", "handover-audit.pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/doctors/{doctorId}/evidence") { Content = form };
        request.Headers.Authorization = new("Bearer", await server.TokenAsync("doctor"));
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            // Another test of this class added it at the same moment.
            evidence = (await server.GetJsonAsync("doctor", $"api/doctors/{doctorId}/evidence")).EnumerateArray()
                .FirstOrDefault(e => e.GetProperty("title").GetString() == FileTitle && e.GetProperty("appraisalYear").GetInt32() == year);
            Assert.True(evidence.ValueKind == JsonValueKind.Object, body);
            return (doctorId, year, evidence.Clone());
        }

        using var added = JsonDocument.Parse(body);
        return (doctorId, year, added.RootElement.Clone());
    }

    private const string FileTitle = "Audit of handover quality";

    /// <summary>
    /// An allocated doctor (not the doctor persona; from the start of the list, where the sign-off test of
    /// ClinicalSafetyUiTests does not look) with a started year that is not signed off and whose 15 April has passed.
    /// </summary>
    private async Task<(string DoctorId, string Name, string Gmc, int Year)> PickYearToRecordAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var row in (await server.GetJsonAsync("appraiser", "api/appraiser/doctors")).EnumerateArray())
        {
            if (row.GetProperty("givenName").GetString() == "Fiona")
            {
                continue;
            }

            var id = row.GetProperty("doctorId").GetString()!;
            var record = await server.GetJsonAsync("appraiser", $"api/doctors/{id}");
            foreach (var y in record.GetProperty("appraisalYears").EnumerateArray())
            {
                var year = y.GetProperty("year").GetInt32();
                if (y.GetProperty("status").GetString() is not ("NotStarted" or "NotExpected") && y.GetProperty("signedOffOn").ValueKind == JsonValueKind.Null
                    && new DateOnly(year, 4, 15) <= today && new DateOnly(year + 1, 3, 31) >= today.AddYears(-1))
                {
                    return (id, $"{row.GetProperty("givenName").GetString()} {row.GetProperty("familyName").GetString()}", row.GetProperty("gmcNumber").GetString()!, year);
                }
            }
        }

        throw new InvalidOperationException("No allocated doctor with a year to record.");
    }
}
