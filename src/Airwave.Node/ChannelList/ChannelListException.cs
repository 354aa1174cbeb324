namespace Airwave.Node.ChannelList;

/// <summary>The channel list could not be fetched or read; the message says where and why.</summary>
internal sealed class ChannelListException : Exception
{
    public ChannelListException()
    {
    }

    public ChannelListException(string message)
        : base(message)
    {
    }

    public ChannelListException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
