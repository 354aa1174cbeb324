namespace Airwave.Node.Admin;

/// <summary>Where a relayed channel comes from: the owner its feed was last opened to, whether it is open, and how often it had to reconnect.</summary>
internal sealed record RelayStatus(string? Owner, bool Connected, int Reconnects);
