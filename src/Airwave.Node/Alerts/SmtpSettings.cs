using MimeKit;

namespace Airwave.Node.Alerts;

/// <summary><c>airwave.alerts.smtp</c>: the relay that takes alert mails (STARTTLS when it offers it, no login) and who gets them.</summary>
internal sealed record SmtpSettings(string Host, int Port, MailboxAddress From, IReadOnlyList<MailboxAddress> To);
