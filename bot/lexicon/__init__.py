"""The NLP resources built from the gazetteer and the vocabularies (jieba dictionary, spaCy tagger, synonyms),
and the tool that marks their spans in new training examples. Built by `make build`; read by Rasa's pipeline."""
