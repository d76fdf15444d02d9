using System.Text;
using BreachConsole.Core.Contacts;

namespace BreachConsole.Tests.Contacts;

public sealed class Utf8ValidatingStreamTests
{
    /// <summary>Hands out one byte per read, so every multi-byte character is cut across reads.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
    }

    [Fact]
    public void Read_ValidTextCutInsideEveryCharacter_PassesThroughUnchanged()
    {
        var bytes = Encoding.UTF8.GetBytes("José, 東京, 🙂, Ærø");
        using var stream = new Utf8ValidatingStream(new Trickle(bytes));

        var copy = new MemoryStream();
        stream.CopyTo(copy);

        Assert.Equal(bytes, copy.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x62, 0xE9, 0x63 }, 2)]            // Latin-1 é
    [InlineData(new byte[] { 0x61, 0xC0, 0xAF }, 1)]                  // overlong '/'
    [InlineData(new byte[] { 0x61, 0xED, 0xA0, 0x80 }, 1)]            // a UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { 0x61, 0x62, 0x63, 0xE6, 0x9D }, 3)]      // truncated at the end of the file
    public void Read_InvalidByte_ThrowsNamingItsOffset(byte[] bytes, long offset)
    {
        using var stream = new Utf8ValidatingStream(new Trickle(bytes));

        var ex = Assert.Throws<InvalidUtf8Exception>(() => stream.CopyTo(Stream.Null));

        Assert.Equal(offset, ex.Offset);
    }
}
