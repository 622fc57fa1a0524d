package seats

import "github.com/ttx-sim/ttx/tui"

// realDriver works the real seat (tui.NewSeat): the role picker (the user
// name preselects a role; enter joins), then t, the text and enter record
// a free-text decision, acknowledged by its line in the decision log and
// the status line, in curly quotes (the input field shows it without).
var realDriver = seatDriver{
	model: tui.NewSeat,
	join: func(c *client) int {
		m := c.must(0, "Which role do you play?")
		c.send("\r")
		return c.must(m, "Decision log (")
	},
	decide: func(c *client, n int) (string, string) {
		c.send("t" + decisionText(n))
		return "\r", "“" + decisionText(n) + "”"
	},
}
