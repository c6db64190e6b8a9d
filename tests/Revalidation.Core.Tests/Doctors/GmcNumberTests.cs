using System.Text.Json;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Doctors;

public class GmcNumberTests
{
    [Fact]
    [Trait("Rule", "R12")]
    public void Create_WhenSevenDigits_Succeeds() =>
        Assert.Equal("1234567", ResultAssert.Succeeds(GmcNumber.Create("1234567")).Value);

    [Fact]
    [Trait("Rule", "R12")]
    public void Create_WhenLeadingZero_KeepsItAsText() =>
        Assert.Equal("0012345", ResultAssert.Succeeds(GmcNumber.Create("0012345")).Value);

    [Theory]
    [Trait("Rule", "R12")]
    [InlineData(" 1234567")]
    [InlineData("1234567 ")]
    [InlineData("\t 1234567 \n")]
    public void Create_WhenSurroundedBySpaces_TrimsThem(string text) =>
        Assert.Equal("1234567", ResultAssert.Succeeds(GmcNumber.Create(text)).Value);

    [Theory]
    [Trait("Rule", "R12")]
    [InlineData("123456")] // 6 digits
    [InlineData("12345678")] // 8 digits
    [InlineData("12345A7")] // a letter
    [InlineData("C123456")] // consultant-code prefix with too few digits
    [InlineData("C1234567")] // the NHS consultant code is not a GMC number
    [InlineData("123 4567")] // a space inside
    [InlineData("-123456")]
    [InlineData("١٢٣٤٥٦٧")] // Arabic-Indic digits: digits, but not ASCII
    [InlineData("１２３４５６７")] // full-width digits
    public void Create_WhenNotExactlySevenAsciiDigits_IsRefused(string text)
    {
        var violation = ResultAssert.Breaks(GmcNumber.Create(text), "R12", "gmcNumber");

        Assert.Contains("7 digits", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Rule", "R12")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_WhenEmpty_IsRefusedAsRequired(string? text)
    {
        var violation = ResultAssert.Breaks(GmcNumber.Create(text), "R12", "gmcNumber");

        Assert.Contains("required", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Rule", "R12")]
    public void Create_WhenFieldNamed_ReportsThatField() =>
        ResultAssert.Breaks(GmcNumber.Create("12", "rows[3].gmc"), "R12", "rows[3].gmc");

    [Fact]
    [Trait("Rule", "R12")]
    public void Parse_WhenInvalid_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => GmcNumber.Parse("123456"));

    [Fact]
    [Trait("Rule", "R12")]
    public void TryParse_WhenValid_ReturnsTheNumber()
    {
        Assert.True(GmcNumber.TryParse(" 7654321 ", out var number));
        Assert.Equal("7654321", number.Value);
        Assert.False(GmcNumber.TryParse("765432", out _));
    }

    [Fact]
    [Trait("Rule", "R12")]
    public void Json_WhenRoundTripped_IsTheSameSevenCharacterString()
    {
        var json = JsonSerializer.Serialize(GmcNumber.Parse("0012345"), StoreJson.Options);

        Assert.Equal("\"0012345\"", json);
        Assert.Equal(GmcNumber.Parse("0012345"), JsonSerializer.Deserialize<GmcNumber>(json, StoreJson.Options));
    }
}
