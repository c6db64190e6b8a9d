using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Mail;

/// <summary>
/// The embedded mail adapter: each email is an .eml file (RFC 5322, what a mail client opens) in a folder, named
/// by the time it was written and its Message-ID, so the folder lists in sending order. The file is written under
/// a temporary name and then renamed, so a reader never sees half a message.
/// </summary>
public sealed class PickupFolderMailSender : IMailSender
{
    private readonly TimeProvider time;

    public PickupFolderMailSender(IOptions<PickupFolderOptions> options, TimeProvider time, IHostEnvironment? environment = null)
    {
        this.time = time;
        var path = options.Value.Path;
        Folder = System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(environment?.ContentRootPath ?? Directory.GetCurrentDirectory(), path));
    }

    public string Folder { get; }

    public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var now = time.GetUtcNow();
        if (MimeMessages.TryBuild(mail, now, out var built) is { } unbuildable)
        {
            return unbuildable;
        }

        using var message = built!;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mail.MessageId)))[..16];
        var name = string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd'T'HHmmssfff'Z'}-{id}.eml");
        var target = System.IO.Path.Combine(Folder, name);
        var temporary = target + ".tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 16_384, useAsync: true))
            {
                await message.WriteToAsync(file, cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
            return MailSendResult.Sent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new MailSendResult(MailSendStatus.Unavailable, $"the pickup folder cannot be written ({e.GetType().Name})");
        }
    }
}
