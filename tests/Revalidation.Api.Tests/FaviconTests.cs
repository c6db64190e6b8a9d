using System.Net;
using System.Text.RegularExpressions;

namespace Revalidation.Api.Tests;

/// <summary>Issue 15, item 10d: the NHS favicon is served, at the root and wherever index.html links it.</summary>
public sealed partial class FaviconTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task FaviconIco_IsServedAtTheRoot()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/favicon.ico");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType); // not the app's fallback page
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IndexHtml_LinksIcons_ThatAreServed()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/index.html");

        var icons = IconLink().Matches(html).Select(m => m.Groups["href"].Value).ToList();

        Assert.Contains("favicon.ico", icons);
        foreach (var href in icons)
        {
            using var icon = await client.GetAsync("/" + href);
            Assert.True(icon.StatusCode == HttpStatusCode.OK, $"{href}: {icon.StatusCode}");
            Assert.StartsWith("image/", icon.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<link rel=\"icon\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex IconLink();
}
