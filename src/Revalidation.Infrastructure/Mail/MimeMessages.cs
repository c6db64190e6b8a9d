using MimeKit;
using Revalidation.Core.Alerts;

namespace Revalidation.Infrastructure.Mail;

/// <summary>An <see cref="OutgoingMail"/> as a MIME message: multipart/alternative, plain text then HTML, with its stable Message-ID.</summary>
internal static class MimeMessages
{
    public static MimeMessage Build(OutgoingMail mail, DateTimeOffset date)
    {
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Subject = mail.Subject,
            Date = date,
            Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(mail.From.Name, mail.From.Address));
        message.To.Add(new MailboxAddress(mail.To.Name, mail.To.Address));

        // Alerts are automatic: no out-of-office replies to them (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
