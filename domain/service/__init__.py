"""The Xiuhua application's commands, grouped by who issues them."""
