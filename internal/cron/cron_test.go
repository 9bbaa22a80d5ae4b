package cron

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		expr    string
		wantErr string // "" means valid
	}{
		{"*/5 * * * *", ""},
		{"0 0 * * *", ""},
		{"0,30 8-18 * * MON-FRI", ""},
		{"0 12 L * *", ""},
		{"0 12 15W * *", ""},
		{"0 12 * JAN,JUL 2#1", ""},
		{"59 23 31 12 7", ""},
		{"* * * *", "has 4 fields"},
		{"* * * * * *", "has 6 fields"},
		{"60 * * * *", "minute field"},
		{"* 24 * * *", "hour field"},
		{"* * 0 * *", "day of month field"},
		{"* * * 13 *", "month field"},
		{"* * * * 8", "day of week field"},
		{"*/0 * * * *", "step"},
		{"5-1 * * * *", "runs backwards"},
		{"a * * * *", "not a number"},
		{"* L * * *", "not allowed in the hour field"},
		{"1,,2 * * * *", "empty list item"},
		{"* * * * MON#6", "1 to 5"},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			err := Check(tt.expr)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.Contains(t, err.Error(), tt.expr, "the error names the expression")
			}
		})
	}
}
