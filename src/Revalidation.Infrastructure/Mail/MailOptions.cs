using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Revalidation.Infrastructure.Mail;

/// <summary>Which adapter sends alert emails ("Alerts:Mail:Transport").</summary>
public enum MailTransport
{
    /// <summary>The embedded default: .eml files in a folder, no mail server needed.</summary>
    Pickup,
    /// <summary>An SMTP relay, through MailKit.</summary>
    Smtp,
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS, which the server must offer (usually port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
    /// <summary>No TLS at all: allowed only to a relay on this machine (loopback).</summary>
    None,
}

/// <summary>The SMTP relay ("Alerts:Smtp"). The password is a secret: environment, user secrets or Key Vault, never appsettings.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Alerts:Smtp";

    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Optional: authenticate with this user name and <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The longest wait for any one step (connect, a reply, a write).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one whole send (connect to disconnect) may take; must be shorter than the outbox claim.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Security == SmtpSecurity.None && !IsLoopback(Host))
        {
            yield return new ValidationResult(
                "Security None (no TLS) is allowed only for a relay on this machine (localhost, 127.0.0.0/8, ::1); use StartTls or SslOnConnect.",
                [nameof(Security)]);
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Set both UserName and Password to authenticate, or neither.", [nameof(UserName), nameof(Password)]);
        }

        if (SendTimeout < Timeout)
        {
            yield return new ValidationResult("SendTimeout must be at least Timeout.", [nameof(SendTimeout)]);
        }
    }

    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

/// <summary>The embedded mail adapter ("Alerts:Pickup"): one .eml file per email in this folder.</summary>
public sealed class PickupFolderOptions
{
    public const string Section = "Alerts:Pickup";

    /// <summary>Relative paths are under the host's content root (the local Server: its data folder).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "data/mail";
}
