using Revalidation.Web.Shared;

namespace Revalidation.Web.Tests;

/// <summary>Issue 15, item 10: the NHS date input (day, month, year) in place of the browser's date picker.</summary>
public sealed class DateInputTests : BunitContext
{
    [Theory]
    [InlineData("15", "3", "2027", 2027, 3, 15)]
    [InlineData(" 1 ", "12", "2026", 2026, 12, 1)]
    [InlineData("29", "Feb", "2028", 2028, 2, 29)]
    [InlineData("7", "september", "2026", 2026, 9, 7)]
    [InlineData("07", "09", "2026", 2026, 9, 7)]
    public void Parts_ThatMakeARealDate_AreThatDate(string day, string month, string year, int y, int m, int d)
    {
        Assert.Equal(new DateOnly(y, m, d), DateParts.Parse(day, month, year));
        Assert.Null(DateParts.Problem("Date of the activity", day, month, year));
    }

    [Theory]
    [InlineData("31", "2", "2026", "Date of the activity must be a real date")]
    [InlineData("29", "2", "2027", "Date of the activity must be a real date")]
    [InlineData("12", "13", "2026", "Date of the activity must be a real date")]
    [InlineData("0", "1", "2026", "Date of the activity must be a real date")]
    [InlineData("12", "", "2026", "Date of the activity must include a month")]
    [InlineData("", "", "2026", "Date of the activity must include a day and a month")]
    [InlineData("12", "3", "", "Date of the activity must include a year")]
    [InlineData("12", "3", "26", "Date of the activity must include the year in full, for example 2027")]
    [InlineData("twelve", "3", "2026", "Date of the activity must be a real date")]
    public void Parts_ThatAreNotADate_HaveNoValue_AndSayWhyInTheNhsWording(string day, string month, string year, string problem)
    {
        Assert.Null(DateParts.Parse(day, month, year));
        Assert.Equal(problem, DateParts.Problem("Date of the activity", day, month, year));
    }

    [Fact]
    public void EmptyParts_AreNoDate_AndNoProblem() => Assert.Null(DateParts.Problem("From", " ", null, ""));

    [Theory]
    [InlineData("15/3/2027")]
    [InlineData("15-03-2027")]
    [InlineData("15 March 2027")]
    [InlineData("15 Mar 2027")]
    [InlineData("2027-03-15")]
    public void AWholeDate_TypedIntoOneBox_IsRead(string text)
    {
        Assert.True(DateParts.TryWhole(text, out var date));
        Assert.Equal(new DateOnly(2027, 3, 15), date);
    }

    [Fact]
    public void Component_TypedPartByPart_GivesTheDate_AndAPastedDateFillsEveryBox()
    {
        DateOnly? value = null;
        var cut = Render<DateInput>(p => p.Add(c => c.Id, "meetingDate").Add(c => c.Label, "Date of the appraisal meeting")
            .Add(c => c.Hint, "For example, 15 3 2026").Add(c => c.ValueChanged, v => value = v));

        Assert.Equal("Date of the appraisal meeting", cut.Find("legend").TextContent);
        Assert.Equal("meetingDate-hint", cut.Find("fieldset").GetAttribute("aria-describedby"));
        Assert.Equal("Day", cut.Find("label[for=meetingDate]").TextContent);
        cut.Find("#meetingDate").Change("1");
        cut.Find("#meetingDate-month").Change("6");
        Assert.Null(value);
        cut.Find("#meetingDate-year").Change("2026");
        Assert.Equal(new DateOnly(2026, 6, 1), value);

        cut.Find("#meetingDate").Change("2027-03-15");

        Assert.Equal(new DateOnly(2027, 3, 15), value);
        Assert.Equal("3", cut.Find("#meetingDate-month").GetAttribute("value"));
        Assert.Equal("2027", cut.Find("#meetingDate-year").GetAttribute("value"));
        Assert.Null(cut.Instance.Problem);
    }

    [Fact]
    public void Component_WithADateThatDoesNotExist_HasNoValue_ShowsTheErrorAndNamesItsField()
    {
        DateOnly? value = new DateOnly(2026, 1, 1);
        var cut = Render<DateInput>(p => p.Add(c => c.Id, "activityDate").Add(c => c.Label, "Date of the activity")
            .Add(c => c.Value, value).Add(c => c.ValueChanged, v => value = v));
        Assert.Equal("1", cut.Find("#activityDate").GetAttribute("value"));

        cut.Find("#activityDate").Change("31");
        cut.Find("#activityDate-month").Change("2");

        Assert.Null(value);
        Assert.Contains("Date of the activity must be a real date", cut.Find("#activityDate-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("activityDate-error", cut.Find("fieldset").GetAttribute("aria-describedby"));
        Assert.Contains("nhsuk-input--error", cut.Find("#activityDate").ClassName, StringComparison.Ordinal);
        var problem = Assert.Single(DateInput.Problems(cut.Instance, null));
        Assert.Equal(("Date of the activity must be a real date", "activityDate"), (problem.Message, problem.FieldId));
    }
}
