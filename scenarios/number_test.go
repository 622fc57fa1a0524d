package scenarios

import (
	"math/big"
	"testing"
)

func TestNumberString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"}, {"3", "3"}, {"0.5", "0.5"}, {"12.250", "12.25"},
		{"0.0000001", "0.0000001"}, {"0.123456789012345", "0.123456789012345"},
		{"999999999999999.999999999999999", "999999999999999.999999999999999"},
	}
	for _, tt := range tests {
		n, ok := NewNumber(tt.in)
		if !ok {
			t.Fatalf("NewNumber(%q) failed", tt.in)
		}
		if got := n.String(); got != tt.want {
			t.Errorf("Number(%s).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A product of two scenario decimals is still exact.
	p := Number{r: new(big.Rat).Mul(mustNumber(t, "0.0000001").Rat(), mustNumber(t, "0.5").Rat())}
	if got := p.String(); got != "0.00000005" {
		t.Errorf("0.0000001 × 0.5 = %q, want 0.00000005", got)
	}
	if got := (Number{}).String(); got != "0" {
		t.Errorf("zero Number = %q", got)
	}
	if got := (Number{r: big.NewRat(1, 3)}).String(); got != "0.3333" {
		t.Errorf("1/3 = %q", got)
	}
}

func mustNumber(t *testing.T, s string) Number {
	t.Helper()
	n, ok := NewNumber(s)
	if !ok {
		t.Fatalf("NewNumber(%q) failed", s)
	}
	return n
}
