"""What a message means in the conversation it belongs to (Rasa-free)."""
