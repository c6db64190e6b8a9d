using Revalidation.Infrastructure.Observability;

namespace Revalidation.Api.Tests.Observability;

/// <summary>The last line of defence before telemetry leaves: ids and email addresses out, designated bodies and counts kept.</summary>
public sealed class PersonalDataRedactionTests
{
    [Theory]
    [InlineData("Alert 1-DEMO01/3f2b8c1e-4d5a-4b6c-9d7e-0f1a2b3c4d5e/rsd-60d attempt 2 failed", "Alert 1-DEMO01/{id}/rsd-60d attempt 2 failed")]
    [InlineData("REVAL-3f2b8c1e4d5a4b6c9d7e0f1a2b3c4d5e", "REVAL-{id}")]
    [InlineData("The relay refused dr.quill@example.nhs.uk: mailbox full", "The relay refused {email}: mailbox full")]
    [InlineData("Mail dispatch: 3 sent, 0 to retry, 0 dead-lettered", "Mail dispatch: 3 sent, 0 to retry, 0 dead-lettered")]
    public void Redact_ReplacesIdsAndEmailAddresses_AndKeepsTheRest(string text, string expected) =>
        Assert.Equal(expected, PersonalDataRedaction.Redact(text));

    [Fact]
    public void RedactValue_KeepsNumbersAndDates_AndRedactsGuids()
    {
        Assert.Equal(42, PersonalDataRedaction.RedactValue(42));
        Assert.Equal(PersonalDataRedaction.IdMark, PersonalDataRedaction.RedactValue(Guid.NewGuid()));
        Assert.Null(PersonalDataRedaction.RedactValue(null));
    }

    [Fact]
    public void RedactedException_KeepsTheTypeAndStackButNotTheId()
    {
        var id = Guid.NewGuid();
        Exception thrown;
        try
        {
            throw new InvalidOperationException($"Alert '1-DEMO01/{id}/rsd' is Sent and cannot be claimed now.");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var redacted = new RedactedException(thrown);

        Assert.Equal(typeof(InvalidOperationException).FullName, redacted.OriginalType);
        Assert.Equal(thrown.StackTrace, redacted.StackTrace);
        Assert.DoesNotContain(id.ToString(), redacted.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(id.ToString(), redacted.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("cannot be claimed now", redacted.Message, StringComparison.Ordinal);
    }
}
