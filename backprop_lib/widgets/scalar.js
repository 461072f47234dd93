// The scalar graph's view (ScalarGraphExplorer): Python sends the whole SVG; a click on a node, or Enter or
// Space on a focused node, sends its name back as `selected`, and Python redraws the graph and the panel.
export default {
  render({ model, el }) {
    el.classList.add("bp-graphview");
    el.setAttribute("data-lm-suppress-shortcuts", "true"); // Notebook 7: Enter and Space stay with the node
    const draw = () => {
      const focused = document.activeElement?.dataset?.node;
      el.innerHTML = model.get("svg");
      for (const node of el.querySelectorAll("[data-node]")) {
        const pick = () => {
          model.set("selected", node.dataset.node);
          model.save_changes();
        };
        node.addEventListener("click", pick);
        node.addEventListener("keydown", (event) => {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            pick();
          }
        });
        if (node.dataset.node === focused) node.focus();
      }
    };
    draw();
    model.on("change:svg", draw);
  },
};
