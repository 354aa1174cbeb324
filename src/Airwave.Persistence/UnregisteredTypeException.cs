namespace Airwave.Persistence;

/// <summary>Thrown when an event or snapshot of a CLR type without a registered manifest is about to be stored.</summary>
public sealed class UnregisteredTypeException : Exception
{
    public UnregisteredTypeException(Type type)
        : base($"No manifest is registered for {type.FullName}; register it with EventSerializer.Register<{type.Name}>(\"<stable-name>.v1\") before persisting it.")
    {
        Type = type;
    }

    /// <summary>The type that has no manifest.</summary>
    public Type Type { get; }
}
