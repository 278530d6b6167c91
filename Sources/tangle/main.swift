import GraphCore
print("tangle")
