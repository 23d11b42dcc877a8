"""The weekly email: composing it, signed links, SMTP, sending and the scheduler."""
