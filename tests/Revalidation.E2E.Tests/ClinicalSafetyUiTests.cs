using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// The clinical-safety rules as the RO and the appraiser meet them in the browser: a revalidate recommendation despite gaps
/// needs a reason for each and the GMC's statements (decision (d), R19); a sign-off with a missing item needs the
/// appraiser's note (R16). Each picks a doctor the other tests do not (the last that fits, never Fiona).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ClinicalSafetyUiTests(ServerFixture server)
{
    private static readonly string[] MissingCodes = ["cpd-missing", "significant-events-missing", "compliments-complaints-missing", "probity-missing", "health-missing"];

    [Fact]
    [Trait("Rule", "R19")]
    public async Task Revalidate_WithGaps_NeedsAReasonForEachAndTheStatements_ThenIsSubmitted()
    {
        var (doctorId, gaps) = await PickDoctorWithGapsAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "ro", "Caseload");
        await page.GotoAsync($"/doctors/{doctorId}");
        await Expect(page.GetByTestId("recommendation-panel")).ToBeVisibleAsync();

        await page.CheckAsync("#type-Revalidate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        var listed = page.GetByTestId("check-gap");
        await Expect(listed).ToHaveCountAsync(gaps.Count);
        foreach (var (message, _) in gaps)
        {
            await Expect(page.GetByTestId("check-gaps")).ToContainTextAsync(message);
        }

        await Expect(page.Locator("#statements input[type=checkbox]")).ToHaveCountAsync(6);
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "revalidate check step");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();
        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync(gaps[0].Message);
        await Expect(summary).ToContainTextAsync("Confirm each of the GMC's statements");
        await Expect(summary).ToBeFocusedAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-revalidate-check-error.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "revalidate check step with errors");
        var unchanged = await server.GetJsonAsync("ro", $"api/doctors/{doctorId}");
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("openRecommendation").ValueKind);

        for (var i = 0; i < gaps.Count; i++)
        {
            await page.FillAsync($"#gapReason-{i}", $"Discussed with the appraiser; reason {i + 1} accepted.");
        }

        foreach (var box in await page.Locator("#statements input[type=checkbox]").AllAsync())
        {
            await box.CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit recommendation" }).ClickAsync();
        await Expect(page.GetByTestId("recommendation-success")).ToContainTextAsync("Revalidate recommendation submitted to the GMC");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "ro-revalidate-submitted.png"), FullPage = true });

        var saved = (await server.GetJsonAsync("ro", $"api/doctors/{doctorId}/recommendations")).EnumerateArray()
            .OrderByDescending(r => r.GetProperty("createdAt").GetDateTimeOffset()).First();
        Assert.Equal("Revalidate", saved.GetProperty("type").GetString());
        Assert.NotEqual("Draft", saved.GetProperty("status").GetString());
        Assert.Equal(gaps.Count, saved.GetProperty("gapAcknowledgements").GetArrayLength());
    }

    [Fact]
    [Trait("Rule", "R16")]
    public async Task SignOff_WithAMissingItem_NeedsTheAppraisersNote()
    {
        var (doctorId, name, gmc, year, codes) = await PickYearWithMissingItemsAsync();
        var page = await server.NewPageAsync();
        await WebUiTests.SignInAsync(page, "appraiser", "Allocated doctors");
        await Expect(page.GetByTestId("allocated-table")).ToBeVisibleAsync();
        // Two demo doctors may share a name: the row with the GMC number.
        await page.GetByTestId("allocated-table").Locator("tr", new() { HasText = $"GMC {gmc}" }).GetByRole(AriaRole.Link, new() { Name = $"Record appraisal for {name}" }).ClickAsync();
        await Expect(page.Locator("#record-heading")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#year", year.ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("missing-item")).ToHaveCountAsync(codes.Count);

        await page.FillAsync("#meetingDate", $"{year}-04-15");
        await page.CheckAsync("#signOff");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save appraisal" }).ClickAsync();
        var summary = page.GetByTestId("error-summary");
        await Expect(summary).ToContainTextAsync("Before you sign off, note why this is missing");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ServerFixture.Screenshots, "appraiser-sign-off-notes-error.png"), FullPage = true });
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "appraiser sign-off with missing items");

        foreach (var code in codes)
        {
            await page.FillAsync($"#note-{code}", "Discussed at the meeting; the doctor will add it next year.");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save appraisal" }).ClickAsync();
        await Expect(page.GetByText("The appraisal is recorded and signed off.")).ToBeVisibleAsync();

        var record = await server.GetJsonAsync("appraiser", $"api/doctors/{doctorId}");
        var signed = record.GetProperty("appraisalYears").EnumerateArray().Single(y => y.GetProperty("year").GetInt32() == year);
        Assert.Equal(JsonValueKind.String, signed.GetProperty("signedOffOn").ValueKind);
    }

    /// <summary>A doctor under notice the RO may recommend revalidating now, with gaps, and nothing else in the way.</summary>
    private async Task<(string DoctorId, IReadOnlyList<(string Message, bool Judgement)> Gaps)> PickDoctorWithGapsAsync()
    {
        var rows = (await server.GetJsonAsync("ro", "api/caseload?tag=under-notice&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        string[] excluded = ["draft", "submitted", "investigation", "deferred", "local-process", "leaver", "overdue"];
        foreach (var row in rows.AsEnumerable().Reverse())
        {
            if (row.GetProperty("tags").EnumerateArray().Any(t => excluded.Contains(t.GetString())) || row.GetProperty("givenName").GetString() == "Fiona"
                || row.GetProperty("gapCount").GetInt32() == 0)
            {
                continue;
            }

            var id = row.GetProperty("doctorId").GetString()!;
            var record = await server.GetJsonAsync("ro", $"api/doctors/{id}");
            var rules = record.GetProperty("rules");
            if (!rules.GetProperty("rsdConfirmed").GetBoolean() || rules.GetProperty("revalidationOnHold").GetBoolean()
                || record.GetProperty("openRecommendation").ValueKind != JsonValueKind.Null)
            {
                continue;
            }

            var gaps = record.GetProperty("readiness").GetProperty("gaps").EnumerateArray()
                .Select(g => (g.GetProperty("message").GetString()!, g.TryGetProperty("judgement", out var j) && j.GetBoolean())).ToList();
            if (gaps.Count > 0)
            {
                return (id, gaps);
            }
        }

        throw new InvalidOperationException("No demo doctor under notice with gaps and an open way to revalidate.");
    }

    /// <summary>An allocated doctor with an appraisal year that has started, is not signed off, and misses an item of R16.</summary>
    private async Task<(string DoctorId, string Name, string Gmc, int Year, IReadOnlyList<string> Codes)> PickYearWithMissingItemsAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // The first page of the appraiser's table (25 rows), so the doctor's button is on screen.
        var rows = (await server.GetJsonAsync("appraiser", "api/appraiser/doctors")).EnumerateArray().Take(25).ToList();
        foreach (var row in rows.AsEnumerable().Reverse())
        {
            if (row.GetProperty("givenName").GetString() == "Fiona")
            {
                continue;
            }

            var id = row.GetProperty("doctorId").GetString()!;
            var record = await server.GetJsonAsync("appraiser", $"api/doctors/{id}");
            var gaps = record.GetProperty("readiness").GetProperty("gaps").EnumerateArray().ToList();
            foreach (var y in record.GetProperty("appraisalYears").EnumerateArray())
            {
                var year = y.GetProperty("year").GetInt32();
                if (y.GetProperty("status").GetString() is "NotStarted" or "NotExpected" || y.GetProperty("signedOffOn").ValueKind != JsonValueKind.Null
                    || new DateOnly(year, 4, 15) > today || new DateOnly(year + 1, 3, 31) < today.AddYears(-1))
                {
                    continue;
                }

                var codes = gaps.Where(g => g.GetProperty("year").ValueKind == JsonValueKind.Number && g.GetProperty("year").GetInt32() == year
                        && !(g.TryGetProperty("judgement", out var j) && j.GetBoolean()))
                    .Select(g => g.GetProperty("code").GetString()!).Where(MissingCodes.Contains).ToList();
                var checklist = record.GetProperty("rules").GetProperty("checklist").EnumerateArray()
                    .FirstOrDefault(g => g.GetProperty("year").ValueKind == JsonValueKind.Number && g.GetProperty("year").GetInt32() == year);
                if (checklist.ValueKind == JsonValueKind.Object)
                {
                    foreach (var item in checklist.GetProperty("items").EnumerateArray().Where(i => !i.GetProperty("done").GetBoolean()))
                    {
                        var code = item.GetProperty("name").GetString() switch
                        {
                            "CPD" => "cpd-missing",
                            "Significant events" => "significant-events-missing",
                            "Compliments and complaints" => "compliments-complaints-missing",
                            "Probity statement" => "probity-missing",
                            "Health statement" => "health-missing",
                            _ => null,
                        };
                        if (code is not null && !codes.Contains(code))
                        {
                            codes.Add(code);
                        }
                    }
                }

                if (codes.Count > 0)
                {
                    return (id, $"{row.GetProperty("givenName").GetString()} {row.GetProperty("familyName").GetString()}", row.GetProperty("gmcNumber").GetString()!, year, codes);
                }
            }
        }

        throw new InvalidOperationException("No allocated doctor with an open appraisal year missing an item.");
    }
}
