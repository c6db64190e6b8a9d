using Revalidation.Web.Services;

namespace Revalidation.Web.Tests;

/// <summary>Issue 15, item 9: what the API says reaches a clinician without rule codes or the framework's byte counts.</summary>
public sealed class PlainWordingTests
{
    [Theory]
    [InlineData("The GMC number must be exactly 7 digits (R12).", "The GMC number must be exactly 7 digits.")]
    [InlineData("A doctor under a GMC investigation cannot be recommended for revalidation (R10, R3).", "A doctor under a GMC investigation cannot be recommended for revalidation.")]
    [InlineData("Request body too large. The max request body size is 27262976 bytes.", "The file is too large to upload.")]
    [InlineData("Enter a title.", "Enter a title.")]
    public void Parse_ShowsTheApisMessagesInPlainWords(string message, string shown)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new { title = "x", detail = message, errors = new Dictionary<string, string[]> { ["title"] = [message] } });

        var problem = ApiProblem.Parse(422, body);

        Assert.Equal(shown, problem.Items.Single(i => i.FieldId == "title").Message);
        Assert.Equal(shown, problem.Detail);
    }
}
