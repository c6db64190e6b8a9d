using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 15, "done means": every screen of every persona, on a phone (390 px), in words a clinician reads — no rule codes
/// ("(R12)"), no enum names ("ContinuingProfessionalDevelopment"), no ISO dates, no byte counts, no "1 doctors" or
/// "gap(s)" — and no page wider than the screen.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class ScreenWordingTests(ServerFixture server)
{
    public static TheoryData<string, string, string> Screens => new()
    {
        { "doctor", "My revalidation", "my-revalidation" },
        { "doctor", "My revalidation", "evidence" },
        { "doctor", "My revalidation", "declarations" },
        { "appraiser", "Allocated doctors", "appraiser" },
        { "appraiser", "Allocated doctors", "appraiser-doctor" },
        { "ro", "Caseload", "caseload" },
        { "ro", "Caseload", "gmc-connections" },
        { "ro", "Caseload", "compliance" },
        { "ro", "Caseload", "doctor" },
        { "manager", "Caseload", "caseload" },
        { "manager", "Caseload", "gmc-connections" },
        { "manager", "Caseload", "compliance" },
        { "manager", "Caseload", "doctor" },
        { "md", "Compliance", "compliance" },
        { "md", "Compliance", "caseload" },
        { "admin", "Administration", "admin" },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task EveryScreen_OnAPhone_SpeaksPlainEnglish_AndFitsTheScreen(string persona, string home, string screen)
    {
        var page = await server.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        await page.Locator($"button[data-persona={persona}]").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(home);
        if (screen == "doctor")
        {
            var doctor = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=200")).EnumerateArray().First(d => d.GetProperty("status").GetString() == "Active");
            await page.GotoAsync($"/doctors/{doctor.GetProperty("id").GetString()}");
        }
        else if (screen == "appraiser-doctor")
        {
            var doctorId = (await server.GetJsonAsync("doctor", "api/me")).GetProperty("doctorId").GetString();
            await page.GotoAsync($"/appraiser/{doctorId}");
        }
        else
        {
            await page.GotoAsync("/" + screen);
        }

        await Expect(page.Locator("h1")).ToBeVisibleAsync(new() { Timeout = 30_000 }); // a full load starts the app again
        await Expect(page.Locator("h1")).Not.ToHaveTextAsync("Sign in to continue");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300); // the last render after the final response
        var text = await page.Locator("body").InnerTextAsync();

        var found = Problems(text).ToList();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        if (width > 390)
        {
            var wide = await page.EvaluateAsync<string[]>(WidestElements);
            found.Add($"the page is {width} px wide on a 390 px screen: {string.Join("; ", wide)}");
        }

        // Issue 15, item 5: no doctor's page scrolls sideways, not even inside a table's scroll box.
        if (persona == "doctor")
        {
            var scrolling = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('.app-table-scroll')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => (e.querySelector('table')?.dataset.testid ?? 'a table') + ' is ' + e.scrollWidth + ' px wide in ' + e.clientWidth + ' px')");
            found.AddRange(scrolling.Select(s => $"scrolls sideways: {s}"));
        }

        Assert.True(found.Count == 0, $"{persona} on {screen}:\n{string.Join("\n", found)}");
    }

    /// <summary>The elements that reach past the screen's right edge, innermost first (what to fix).</summary>
    private const string WidestElements =
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391 && ![...e.children].some(c => c.getBoundingClientRect().right > 391))"
        + ".slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px): ' + (e.textContent || '').trim().slice(0, 40))";

    /// <summary>Product names that are written as one capitalised compound.</summary>
    private static readonly string[] ProperNames = ["PowerPoint", "JavaScript"];

    private static IEnumerable<string> Problems(string text)
    {
        foreach (Match m in RuleCode().Matches(text))
        {
            yield return $"a rule code: {Around(text, m)}";
        }

        foreach (Match m in IsoDate().Matches(text))
        {
            yield return $"an ISO date: {Around(text, m)}";
        }

        foreach (Match m in Bytes().Matches(text))
        {
            yield return $"a byte count: {Around(text, m)}";
        }

        foreach (Match m in WrongPlural().Matches(text))
        {
            yield return $"a wrong plural: {Around(text, m)}";
        }

        foreach (Match m in EnumName().Matches(text).Where(m => !ProperNames.Contains(m.Value)))
        {
            yield return $"an enum name: {Around(text, m)}";
        }
    }

    private static string Around(string text, Match m)
    {
        var start = Math.Max(0, m.Index - 40);
        return "…" + text[start..Math.Min(text.Length, m.Index + m.Length + 40)].ReplaceLineEndings(" ") + "…";
    }

    [GeneratedRegex(@"\(R\d+\)|\bR\d{1,2}\b")]
    private static partial Regex RuleCode();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b\d+ bytes\b")]
    private static partial Regex Bytes();

    [GeneratedRegex(@"\b1 (doctors|gaps|days|items|years|appraisals|issues|alerts)\b|\w\(s\)")]
    private static partial Regex WrongPlural();

    /// <summary>Two or more capitalised words run together (UnderReview, ContinuingProfessionalDevelopment): how an enum member reads.</summary>
    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b")]
    private static partial Regex EnumName();
}
