using Airwave.Hocon.Tree;

namespace Airwave.Hocon.Parsing;

/// <summary>A parsed but not yet merged piece of a HOCON document.</summary>
internal abstract record HoconSyntax(SourcePosition Position);

/// <summary>An object as written: its entries in document order, duplicates not yet merged.</summary>
internal sealed record ObjectSyntax(SourcePosition Position, IReadOnlyList<EntrySyntax> Entries) : HoconSyntax(Position);

/// <summary>An array as written.</summary>
internal sealed record ArraySyntax(SourcePosition Position, IReadOnlyList<HoconSyntax> Elements) : HoconSyntax(Position);

/// <summary>A single string, number, boolean or null.</summary>
internal sealed record ScalarSyntax(SourcePosition Position, HoconScalarKind Kind, string Text) : HoconSyntax(Position);

/// <summary>A <c>${path}</c> or <c>${?path}</c> reference.</summary>
internal sealed record SubstitutionSyntax(SourcePosition Position, IReadOnlyList<string> Path, bool IsOptional) : HoconSyntax(Position);

/// <summary>Several values written next to each other on one line; <c>Separators[i]</c> is the whitespace after part i.</summary>
internal sealed record ConcatenationSyntax(SourcePosition Position, IReadOnlyList<HoconSyntax> Parts, IReadOnlyList<string> Separators) : HoconSyntax(Position);

/// <summary>An entry of an object: a field or an include.</summary>
internal abstract record EntrySyntax(SourcePosition Position);

/// <summary>A field <c>key.path = value</c>, <c>key.path { }</c> or <c>key.path += value</c>.</summary>
internal sealed record FieldSyntax(SourcePosition Position, IReadOnlyList<string> Path, HoconSyntax Value, bool IsAppend) : EntrySyntax(Position);

/// <summary>An include whose file was already parsed (absent when an optional file was missing).</summary>
internal sealed record IncludeSyntax(SourcePosition Position, ObjectSyntax? Content) : EntrySyntax(Position);
