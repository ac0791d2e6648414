"""How the reply is assembled: the lead, the answer chain, the prompt, citations and conflicts."""
