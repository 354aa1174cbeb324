using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Airwave.Node.Alerts;

/// <summary>Mails each notice through the SMTP relay of <c>airwave.alerts.smtp</c> (MailKit), one connection per mail: alerts are rare.</summary>
internal sealed class EmailSink(SmtpSettings settings) : IAlertSink
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public string Name => "email";

    public async Task SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        using var message = new MimeMessage();
        message.From.Add(settings.From);
        message.To.AddRange(settings.To);
        message.Subject = $"[airwave] {notice.State.ToUpperInvariant()} {notice.Condition} {notice.Subject} on {notice.Node}";
        message.Body = new TextPart("plain") { Text = BodyOf(notice) };
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host, settings.Port, SecureSocketOptions.StartTlsWhenAvailable, cancellationToken).ConfigureAwait(false);
        await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }

    private static string BodyOf(AlertNotice notice) => string.Create(CultureInfo.InvariantCulture, $"""
        {notice.Message}

        state:     {notice.State}
        condition: {notice.Condition}
        subject:   {notice.Subject}
        channel:   {notice.Channel ?? "-"}
        node:      {notice.Node}
        started:   {notice.StartedUtc:u}
        fired:     {notice.FiredUtc:u}
        ended:     {(notice.EndedUtc is { } ended ? ended.ToString("u", CultureInfo.InvariantCulture) : "-")}
        dedup key: {notice.DedupKey}
        """);
}
