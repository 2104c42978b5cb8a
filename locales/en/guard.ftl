# Groups, channels and messages sent too fast.

# Groups and channels, messages sent too often, unusual messages.
guard-private-only = I only work in private messages, so I am leaving this chat. Write to me directly: { $link }

guard-slow-down = You are writing very often and I cannot keep up. Please wait a minute, then we go on.
