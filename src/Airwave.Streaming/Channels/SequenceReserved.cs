namespace Airwave.Streaming.Channels;

/// <summary>Akka.Persistence event: the channel may hand out sequence numbers up to <paramref name="UpTo"/> without writing again.</summary>
public sealed record SequenceReserved(long UpTo);
