using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 15, item 1: a link from an email, opened in a browser that is not signed in, leads through sign-in to the page
/// it named (the RO to the doctor's record, the doctor to their own page), and nowhere outside the product.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class EmailLinkTests(ServerFixture server)
{
    [Fact]
    public async Task RecordLink_WhenNotSignedIn_SignsInThenOpensThatDoctorsRecord()
    {
        var doctor = (await server.GetJsonAsync("admin", "api/admin/doctors?limit=200")).EnumerateArray()
            .First(d => d.GetProperty("status").GetString() == "Active");
        var id = doctor.GetProperty("id").GetString()!;
        var page = await server.NewPageAsync();

        await page.GotoAsync($"/doctors/{id}");
        await page.Locator("button[data-persona=ro]").ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/doctors/{id}$"));
        await Expect(page.Locator("h1")).ToContainTextAsync(doctor.GetProperty("familyName").GetString()!);
        await WebUiTests.AssertNoSeriousViolationsAsync(page, "doctor record after sign-in from a link");
    }

    [Fact]
    public async Task DoctorsLink_WhenNotSignedIn_SignsInThenOpensTheirOwnPage()
    {
        var page = await server.NewPageAsync();

        await page.GotoAsync("/my-revalidation"); // where every email to a doctor links (AlertMessageTests)
        await page.Locator("button[data-persona=doctor]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("My revalidation");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-revalidation$"));
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    public async Task ReturnUrl_OutsideTheProduct_IsIgnored(string returnUrl)
    {
        var page = await server.NewPageAsync();

        await page.GotoAsync($"/?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("button[data-persona=ro]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Caseload");
        Assert.StartsWith(server.BaseUrl.GetLeftPart(UriPartial.Authority), page.Url, StringComparison.Ordinal);
    }
}
