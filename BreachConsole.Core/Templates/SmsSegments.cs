using System.Collections.Frozen;

namespace BreachConsole.Core.Templates;

/// <summary>How an SMS is encoded on the wire.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>Length of a message in its encoding's units and the number of SMS parts it takes.</summary>
public sealed record SmsMeasure(SmsEncoding Encoding, int Units, int Segments);

/// <summary>
/// SMS segment math (notice-law.md). GSM 03.38: 160 septets in a single message, 153 per part of a concatenated one;
/// the extension table's characters (<c>€ [ ] { } ~ ^ | \</c> and form feed) cost two septets (escape + char). Any
/// character outside GSM-7 switches the whole message to UCS-2: 70 UTF-16 units single, 67 per part.
/// </summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7Part = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Part = 67;

    // The GSM 03.38 default alphabet (basic table), as Unicode.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    private static readonly FrozenSet<char> BasicSet = Basic.ToFrozenSet();
    private static readonly FrozenSet<char> ExtensionSet = Extension.ToFrozenSet();

    public static int SingleLimit(SmsEncoding encoding) => encoding == SmsEncoding.Gsm7 ? Gsm7Single : Ucs2Single;

    public static int PartLimit(SmsEncoding encoding) => encoding == SmsEncoding.Gsm7 ? Gsm7Part : Ucs2Part;

    public static bool IsGsm7(char c) => BasicSet.Contains(c) || ExtensionSet.Contains(c);

    /// <summary>The characters that force UCS-2, in order of first appearance (for the editor's hint).</summary>
    public static IReadOnlyList<char> NonGsm7Characters(string text) => [.. text.Where(c => !IsGsm7(c)).Distinct()];

    public static SmsMeasure Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            if (BasicSet.Contains(c))
            {
                septets++;
            }
            else if (ExtensionSet.Contains(c))
            {
                septets += 2;
            }
            else
            {
                return Count(SmsEncoding.Ucs2, text.Length);
            }
        }

        return Count(SmsEncoding.Gsm7, septets);
    }

    private static SmsMeasure Count(SmsEncoding encoding, int units)
    {
        var segments = units == 0 ? 0
            : units <= SingleLimit(encoding) ? 1
            : (units + PartLimit(encoding) - 1) / PartLimit(encoding);
        return new SmsMeasure(encoding, units, segments);
    }
}
