var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:ee,getOwnPropertySymbols:te,getPrototypeOf:ne}=Object,f=globalThis,re=f.trustedTypes,ie=re?re.emptyScript:``,ae=f.reactiveElementPolyfillSupport,p=(e,t)=>e,m={toAttribute(e,t){switch(t){case Boolean:e=e?ie:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},oe=(e,t)=>!l(e,t),se={attribute:!0,type:String,converter:m,reflect:!1,useDefault:!1,hasChanged:oe};Symbol.metadata??=Symbol(`metadata`),f.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var h=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=se){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??se}static _$Ei(){if(this.hasOwnProperty(p(`elementProperties`)))return;let e=ne(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(p(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(p(`properties`))){let e=this.properties,t=[...ee(e),...te(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?m:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?m:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??oe)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};h.elementStyles=[],h.shadowRootOptions={mode:`open`},h[p(`elementProperties`)]=/* @__PURE__ */ new Map,h[p(`finalized`)]=/* @__PURE__ */ new Map,ae?.({ReactiveElement:h}),(f.reactiveElementVersions??=[]).push(`2.1.2`);var ce=globalThis,le=e=>e,g=ce.trustedTypes,ue=g?g.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,de=`$lit$`,_=`lit$${Math.random().toFixed(9).slice(2)}$`,fe=`?`+_,pe=`<${fe}>`,v=document,y=()=>v.createComment(``),b=e=>e===null||typeof e!=`object`&&typeof e!=`function`,me=Array.isArray,he=e=>me(e)||typeof e?.[Symbol.iterator]==`function`,ge=`[ 	
\f\r]`,x=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,_e=/-->/g,ve=/>/g,S=RegExp(`>|${ge}(?:([^\\s"'>=/]+)(${ge}*=${ge}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),ye=/'/g,be=/"/g,xe=/^(?:script|style|textarea|title)$/i,C=(e=>(t,...n)=>({_$litType$:e,strings:t,values:n}))(1),w=Symbol.for(`lit-noChange`),T=Symbol.for(`lit-nothing`),Se=/* @__PURE__ */ new WeakMap,E=v.createTreeWalker(v,129);function Ce(e,t){if(!me(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return ue===void 0?t:ue.createHTML(t)}var we=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=x;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===x?c[1]===`!--`?o=_e:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=S):(xe.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=S):o=ve:o===S?c[0]===`>`?(o=i??x,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?S:c[3]===`"`?be:ye):o===be||o===ye?o=S:o===_e||o===ve?o=x:(o=S,i=void 0);let d=o===S&&e[t+1].startsWith(`/>`)?` `:``;a+=o===x?n+pe:l>=0?(r.push(s),n.slice(0,l)+de+n.slice(l)+_+d):n+_+(l===-2?t:d)}return[Ce(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},D=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=we(t,n);if(this.el=e.createElement(l,r),E.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=E.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(de)){let t=u[o++],n=i.getAttribute(e).split(_),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ee:r[1]===`?`?De:r[1]===`@`?Oe:A}),i.removeAttribute(e)}else e.startsWith(_)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(xe.test(i.tagName)){let e=i.textContent.split(_),t=e.length-1;if(t>0){i.textContent=g?g.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],y()),E.nextNode(),c.push({type:2,index:++a});i.append(e[t],y())}}}else if(i.nodeType===8){if(i.data===fe)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(_,e+1))!==-1;)c.push({type:7,index:a}),e+=_.length-1}}a++}}static createElement(e,t){let n=v.createElement(`template`);return n.innerHTML=e,n}};function O(e,t,n=e,r){if(t===w)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=b(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=O(e,i._$AS(e,t.values),i,r)),t}var Te=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??v).importNode(t,!0);E.currentNode=r;let i=E.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new k(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new ke(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=E.nextNode(),a++)}return E.currentNode=v,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},k=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=T,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=O(this,e,t),b(e)?e===T||e==null||e===``?(this._$AH!==T&&this._$AR(),this._$AH=T):e!==this._$AH&&e!==w&&this._(e):e._$litType$===void 0?e.nodeType===void 0?he(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==T&&b(this._$AH)?this._$AA.nextSibling.data=e:this.T(v.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=D.createElement(Ce(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new Te(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=Se.get(e.strings);return t===void 0&&Se.set(e.strings,t=new D(e)),t}k(t){me(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(y()),this.O(y()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=le(e).nextSibling;le(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},A=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=T,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=T}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=O(this,e,t,0),a=!b(e)||e!==this._$AH&&e!==w,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=O(this,r[n+o],t,o),s===w&&(s=this._$AH[o]),a||=!b(s)||s!==this._$AH[o],s===T?e=T:e!==T&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===T?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ee=class extends A{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===T?void 0:e}},De=class extends A{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==T)}},Oe=class extends A{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=O(this,e,t,0)??T)===w)return;let n=this._$AH,r=e===T&&n!==T||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==T&&(n===T||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ke=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){O(this,e)}},Ae=ce.litHtmlPolyfillSupport;Ae?.(D,k),(ce.litHtmlVersions??=[]).push(`3.3.3`);var je=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new k(t.insertBefore(y(),e),e,void 0,n??{})}return i._$AI(e),i},Me=globalThis,j=class extends h{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=je(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};j._$litElement$=!0,j.finalized=!0,Me.litElementHydrateSupport?.({LitElement:j});var Ne=Me.litElementPolyfillSupport;Ne?.({LitElement:j}),(Me.litElementVersions??=[]).push(`4.2.2`);var Pe={attribute:!0,type:String,converter:m,reflect:!1,hasChanged:oe},Fe=(e=Pe,t,n)=>{let{kind:r,metadata:i}=n,a=globalThis.litPropertyMetadata.get(i);if(a===void 0&&globalThis.litPropertyMetadata.set(i,a=/* @__PURE__ */ new Map),r===`setter`&&((e=Object.create(e)).wrapped=!0),a.set(n.name,e),r===`accessor`){let{name:r}=n;return{set(n){let i=t.get.call(this);t.set.call(this,n),this.requestUpdate(r,i,e,!0,n)},init(t){return t!==void 0&&this.C(r,void 0,e,t),t}}}if(r===`setter`){let{name:r}=n;return function(n){let i=this[r];t.call(this,n),this.requestUpdate(r,i,e,!0,n)}}throw Error(`Unsupported decorator location: `+r)};function M(e){return(t,n)=>typeof n==`object`?Fe(e,t,n):((e,t,n)=>{let r=t.hasOwnProperty(n);return t.constructor.createProperty(n,e),r?Object.getOwnPropertyDescriptor(t,n):void 0})(e,t,n)}function N(e){return M({...e,state:!0,attribute:!1})}var Ie=(e,t,n)=>(n.configurable=!0,n.enumerable=!0,Reflect.decorate&&typeof t!=`object`&&Object.defineProperty(e,t,n),n);function P(e,t){return(n,r,i)=>{let a=t=>t.renderRoot?.querySelector(e)??null;if(t){let{get:e,set:t}=typeof r==`object`?n:i??(()=>{let e=Symbol();return{get(){return this[e]},set(t){this[e]=t}}})();return Ie(n,r,{get(){let n=e.call(this);return n===void 0&&(n=a(this),(n!==null||this.hasUpdated)&&t.call(this,n)),n}})}return Ie(n,r,{get(){return a(this)}})}}function F(e,t){customElements.get(e)||customElements.define(e,t)}var I=o`
  :host {
    --ga-radius: var(--ha-card-border-radius, 12px);
    --ga-border: var(--divider-color, rgba(127, 127, 127, 0.3));
    --ga-muted: var(--secondary-text-color, #727272);
    --ga-surface: var(--card-background-color, var(--ha-card-background, #fff));
    --ga-success: var(--success-color, #43a047);
    --ga-error: var(--error-color, #db4437);
    --ga-warning: var(--warning-color, #ffa600);
    --ga-orange: var(--orange-color, #ff9800);
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  button,
  .button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    border-radius: 8px;
    border: 1px solid var(--ga-border);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 6px 12px;
    min-height: 36px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    text-decoration: none;
  }
  button:hover:not(:disabled) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  button.primary:hover:not(:disabled) {
    background: var(--primary-color);
    filter: brightness(1.1);
  }
  button.danger {
    background: var(--ga-error);
    color: #fff;
    border-color: var(--ga-error);
  }
  button.danger:hover:not(:disabled) {
    background: var(--ga-error);
    filter: brightness(1.1);
  }
  button.flat {
    border-color: transparent;
    background: transparent;
  }
  button.toggle[aria-pressed="true"] {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--ga-border);
    border-radius: 8px;
    padding: 6px 8px;
    min-height: 36px;
  }
  input[type="checkbox"] {
    min-height: auto;
    width: 18px;
    height: 18px;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--ga-muted);
  }
  label.check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-size: 14px;
    color: var(--primary-text-color);
  }
  .card {
    background: var(--ga-surface);
    border-radius: var(--ga-radius);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--ga-border));
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .muted {
    color: var(--ga-muted);
  }
  .error-text {
    color: var(--ga-error);
    font-size: 13px;
  }
  .banner-error {
    color: var(--ga-error);
    border: 1px solid var(--ga-error);
    border-radius: 8px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
  }
  .badge.shape-badge,
  .badge.shape-pill {
    padding: 1px 8px;
    color: #fff;
  }
  .badge.shape-badge {
    border-radius: 6px;
  }
  .badge.shape-pill {
    border-radius: 999px;
  }
  .badge.shape-text.tone-success {
    color: var(--ga-success);
  }
  .badge.shape-text.tone-error {
    color: var(--ga-error);
  }
  .badge.shape-text.tone-warning {
    color: var(--ga-warning);
  }
  .badge.shape-text.tone-orange {
    color: var(--ga-orange);
  }
  .badge.shape-text.tone-neutral {
    color: var(--ga-muted);
  }
  .badge.shape-badge.tone-success,
  .badge.shape-pill.tone-success {
    background: var(--ga-success);
  }
  .badge.shape-badge.tone-error,
  .badge.shape-pill.tone-error {
    background: var(--ga-error);
  }
  .badge.shape-badge.tone-warning,
  .badge.shape-pill.tone-warning {
    background: var(--ga-warning);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-orange,
  .badge.shape-pill.tone-orange {
    background: var(--ga-orange);
    color: #1f1f1f;
  }
  dialog {
    border: none;
    border-radius: var(--ha-dialog-border-radius, 16px);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 0;
    max-width: min(920px, calc(100vw - 24px));
    width: 100%;
    box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.5);
  }
  dialog .dlg-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 16px 20px 8px;
    gap: 8px;
  }
  dialog .dlg-head h2 {
    margin: 0;
    font-size: 20px;
    font-weight: 500;
  }
  dialog .dlg-body {
    padding: 8px 20px 16px;
  }
  dialog .dlg-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    padding: 8px 20px 16px;
    flex-wrap: wrap;
  }
`,Le={users:`user_id`,devices:`device_id`,doors:`door_id`,rules:`rule_id`};function Re(e,t,n,r=100){let i={type:`gem_access/log/list`,...t,limit:r};return n!=null&&(i.before_id=n),e.callWS(i)}function ze(e,t,n){return e.connection.subscribeMessage(n,{type:`gem_access/log/subscribe`,...t})}var Be=e=>e.callWS({type:`gem_access/log/filter_choices`}),Ve=(e,t)=>e.callWS({type:`gem_access/log/delete_old`,keep_days:t}),He=(e,t)=>e.callWS({type:`gem_access/snapshot/get`,log_id:t}),L=(e,t)=>e.callWS({type:`gem_access/${t}/list`}),Ue=(e,t,n)=>e.callWS({...n,type:`gem_access/${t}/create`}),We=(e,t,n,r)=>e.callWS({...r,type:`gem_access/${t}/update`,[Le[t]]:n}),Ge=(e,t,n)=>e.callWS({type:`gem_access/${t}/delete`,[Le[t]]:n}),Ke=e=>e.callWS({type:`gem_access/settings/get`}),qe=(e,t)=>e.callWS({...t,type:`gem_access/settings/update`});async function Je(e,t){return Ye(e,(await e.callWS({type:`auth/sign_path`,path:t,expires:120})).path)}function Ye(e,t){return e.hassUrl?e.hassUrl(t):t}function R(e,t,n={}){if(e.fetchWithAuth)return e.fetchWithAuth(t,n);let r=new Headers(n.headers),i=e.auth?.data?.access_token;return i&&r.set(`authorization`,`Bearer ${i}`),fetch(Ye(e,t),{...n,headers:r,credentials:`same-origin`})}var Xe=e=>`/api/gem_access/users/${encodeURIComponent(e)}/photo`;async function Ze(e,t){let n=await R(e,Xe(t));return n.ok?URL.createObjectURL(await n.blob()):null}async function Qe(e,t,n){let r=new FormData;r.append(`file`,n,n.name);let i=await R(e,Xe(t),{method:`POST`,body:r}),a=await i.text(),o={};try{o=a?JSON.parse(a):{}}catch{o={message:a}}if(!i.ok)throw{code:`http_${i.status}`,message:String(o.message??`HTTP ${i.status}`)};return o}async function $e(e,t){let n=await R(e,Xe(t),{method:`DELETE`});if(!n.ok)throw{code:`http_${n.status}`,message:`HTTP ${n.status}`}}function z(e){return e&&typeof e==`object`&&`message`in e?String(e.message):String(e)}function et(e){if(e&&typeof e==`object`)return e.translation_placeholders?.field}var tt=[`mon`,`tue`,`wed`,`thu`,`fri`,`sat`,`sun`],nt={mon:`Mon`,tue:`Tue`,wed:`Wed`,thu:`Thu`,fri:`Fri`,sat:`Sat`,sun:`Sun`};function B(e){return e>0?`•••• (${e} set)`:`not set`}function rt(e){return e.split(/[\s,;]+/).map(e=>e.trim()).filter(Boolean)}function it(e,t){switch(e.type){case`number`:return t===``||t==null?null:Number(t);case`text`:case`entity`:case`date`:case`select`:return t===``||t===void 0?e.type===`text`&&e.required?``:null:t;case`secret-list`:return rt(String(t??``));case`secret`:return t===``?null:t;default:return t}}function at(e,t,n,r){let i={};for(let a of e){if(a.type===`secret`||a.type===`secret-list`){r.has(a.key)&&(i[a.key]=it(a,t[a.key]));continue}let e=it(a,t[a.key]);n?JSON.stringify(e??null)!==JSON.stringify(n[a.key]??null)&&(i[a.key]=e):e!=null&&(!Array.isArray(e)||e.length||a.required)&&(i[a.key]=e)}return i}function ot(){return{days:[`mon`,`tue`,`wed`,`thu`,`fri`],start:`08:00`,end:`18:00`}}var st=e=>e.map(e=>({value:e.id,label:e.name})),ct=e=>e?`Yes`:`No`,V=e=>e==null||e===``?`—`:String(e),lt=()=>[{key:`name`,label:`Name`,type:`text`,required:!0},{key:`enabled`,label:`Enabled`,type:`bool`},{key:`valid_from`,label:`Valid from`,type:`date`,help:`Empty: no start date`},{key:`valid_until`,label:`Valid until`,type:`date`,help:`Empty: no end date`},{key:`pins`,label:`PINs`,type:`secret-list`,optional:!0,stored:e=>B(Number(e?.pin_count??0)),help:`Write-only: PINs are stored hashed and never shown.`},{key:`duress_pin`,label:`Duress PIN`,type:`secret`,optional:!0,stored:e=>B(+!!e?.has_duress_pin),help:`Opens like a normal PIN and silently runs the rule's duress script.`},{key:`rfid_cards`,label:`RFID cards`,type:`secret-list`,optional:!0,stored:e=>B(Number(e?.rfid_card_count??0))},{key:`facial_recognition_enabled`,label:`Facial recognition for this user (turn off to opt out)`,type:`bool`}],ut=[{label:`Name`,render:e=>e.name},{label:`Enabled`,render:e=>ct(e.enabled)},{label:`Valid`,render:e=>e.valid_from||e.valid_until?`${V(e.valid_from)} → ${V(e.valid_until)}`:`Always`},{label:`PINs`,render:e=>B(Number(e.pin_count??0))},{label:`Cards`,render:e=>B(Number(e.rfid_card_count??0))},{label:`Photo`,render:e=>e.has_photo?e.facial_recognition_embedding_error?C`<span class="error-text">${String(e.facial_recognition_embedding_error)}</span>`:`Yes`:`No`},{label:`Face`,render:e=>e.facial_recognition_enabled===!1?`opt-out`:`on`}],dt=()=>[{key:`name`,label:`Name`,type:`text`,required:!0},{key:`contact_entity_id`,label:`Door contact`,type:`entity`,domains:[`binary_sensor`]},{key:`actuator_entity_id`,label:`Lock / strike`,type:`entity`,domains:[`lock`,`switch`]},{key:`strike_time_s`,label:`Strike time (s)`,type:`number`,min:1,max:300},{key:`held_open_threshold_sec`,label:`Held-open threshold (s)`,type:`number`,min:5,max:86400,help:`Empty: the default from Settings`}],ft=[{label:`Name`,render:e=>e.name},{label:`Contact`,render:e=>V(e.contact_entity_id)},{label:`Lock / strike`,render:e=>V(e.actuator_entity_id)},{label:`Strike (s)`,render:e=>V(e.strike_time_s)},{label:`Held open (s)`,render:e=>V(e.held_open_threshold_sec)}],pt=[{value:`virtual`,label:`Virtual (service call)`},{value:`serial`,label:`Serial (Wiegand / RS-485)`},{value:`osdp`,label:`OSDP`},{value:`ha_tag`,label:`Home Assistant tag / event`}],mt=e=>[{key:`name`,label:`Name`,type:`text`,required:!0},{key:`door_id`,label:`Door`,type:`select`,required:!0,options:st(e.doors)},{key:`driver`,label:`Driver`,type:`select`,required:!0,options:pt},{key:`camera_entity_id`,label:`Camera`,type:`entity`,domains:[`camera`]},{key:`nvr_device_id`,label:`NVR device id`,type:`text`,help:`For on-demand NVR snapshots`},{key:`nvr_camera`,label:`NVR camera`,type:`text`,help:`Camera / video source on the NVR`}],ht=e=>[{label:`Name`,render:e=>e.name},{label:`Door`,render:t=>e.doors.find(e=>e.id===t.door_id)?.name??V(t.door_id)},{label:`Driver`,render:e=>pt.find(t=>t.value===e.driver)?.label??V(e.driver)},{label:`Camera`,render:e=>V(e.camera_entity_id)},{label:`NVR`,render:e=>e.nvr_device_id?`${e.nvr_device_id} / ${V(e.nvr_camera)}`:`—`}],gt=e=>[{key:`name`,label:`Name`,type:`text`,required:!0},{key:`enabled`,label:`Enabled`,type:`bool`},{key:`device_ids`,label:`Readers`,type:`multi`,options:st(e.devices)},{key:`user_ids`,label:`Users`,type:`multi`,options:st(e.users)},{key:`schedule`,label:`Weekly schedule`,type:`schedule`},{key:`script_entity_id`,label:`Script on grant`,type:`entity`,domains:[`script`]},{key:`duress_script_entity_id`,label:`Duress script (runs silently)`,type:`entity`,domains:[`script`]},{key:`held_open_threshold_sec`,label:`Held-open threshold (s)`,type:`number`,min:5,max:86400,help:`Empty: the door's, else the default`}];function _t(e){return e?.length?e.map(e=>`${e.days.map(e=>nt[e]??e).join(` `)} ${e.start}–${e.end}`).join(`; `):`Always`}var vt=e=>[{label:`Name`,render:e=>e.name},{label:`Enabled`,render:e=>ct(e.enabled)},{label:`Readers`,render:t=>t.device_ids.map(t=>e.devices.find(e=>e.id===t)?.name??t).join(`, `)||`—`},{label:`Users`,render:t=>t.user_ids.map(t=>e.users.find(e=>e.id===t)?.name??t).join(`, `)||`—`},{label:`Schedule`,render:e=>_t(e.schedule)}],yt=/* @__PURE__ */ new Map;function bt(e){let t=yt.get(e);return t||(t=new Intl.DateTimeFormat(`en-US`,{timeZone:e,hourCycle:`h23`,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`}),yt.set(e,t)),t}function xt(e,t){let n={};for(let r of bt(t).formatToParts(e))r.type!==`literal`&&(n[r.type]=Number(r.value));return{year:n.year,month:n.month,day:n.day,hour:n.hour===24?0:n.hour,minute:n.minute,second:n.second}}function St(e,t){let n=xt(new Date(e),t);return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)-Math.floor(e/1e3)*1e3}function Ct(e,t){let n=Date.UTC(e.year,e.month-1,e.day,e.hour,e.minute,e.second),r=n-St(n,t),i=n-St(r,t);return i!==r&&(r=Math.max(r,i)),new Date(r)}var H=(e,t=2)=>String(e).padStart(t,`0`);function wt(e,t){let n=xt(e,t);return`${H(n.year,4)}-${H(n.month)}-${H(n.day)}T${H(n.hour)}:${H(n.minute)}`}var Tt=/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;function U(e,t){let n=Tt.exec(e.trim());if(!n)return null;let[,r,i,a,o,s,c]=n;return Ct({year:Number(r),month:Number(i),day:Number(a),hour:Number(o??0),minute:Number(s??0),second:Number(c??0)},t)}function Et(e,t){return Ct({...xt(e,t),hour:0,minute:0,second:0},t)}var Dt=/* @__PURE__ */ new Map;function Ot(e,t,n){let r=new Date(e);if(Number.isNaN(r.getTime()))return e;let i=`${n??``}|${t}`,a=Dt.get(i);if(!a){try{a=new Intl.DateTimeFormat(n||void 0,{timeZone:t,year:`numeric`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`})}catch{a=new Intl.DateTimeFormat(void 0,{timeZone:t,dateStyle:`medium`,timeStyle:`medium`})}Dt.set(i,a)}return a.format(r)}var kt=[`granted`,`denied`,`duress`,`forced`,`held_open`,`error`],At=[`pin`,`rfid`,`rex`],jt=[`1`,`7`,`30`,`90`];[...jt];var Mt=[`user_id`,`device_id`,`access_type`,`result`,`range`,`start`,`end`];function Nt(e){let t=new URLSearchParams(e),n={},r=t.get(`user_id`);r&&(n.user_id=r);let i=t.get(`device_id`);i&&(n.device_id=i);let a=t.get(`access_type`);a&&At.includes(a)&&(n.access_type=a);let o=t.get(`result`);o&&kt.includes(o)&&(n.result=o);let s=t.get(`range`);s&&Pt(s)&&(n.range=s);let c=t.get(`start`);!n.range&&c&&U(c,`UTC`)&&(n.start=c);let l=t.get(`end`);return l&&U(l,`UTC`)&&(n.end=l),n}function Pt(e){return e===`today`||/^\d{1,4}$/.test(e)&&Number(e)>=1&&Number(e)<=3650}function Ft(e){let t=new URLSearchParams;for(let n of Mt){if(n===`start`&&e.range)continue;let r=e[n];r&&t.set(n,r)}let n=t.toString();return n?`?${n}`:``}function It(e,t,n){return e===`today`?Et(t,n):/* @__PURE__ */ new Date(t.getTime()-Number(e)*864e5)}function Lt(e,t,n){return wt(It(e,t,n),n)}function Rt(e,t,n=/* @__PURE__ */ new Date){let r={};if(e.user_id&&(r.user_id=e.user_id),e.device_id&&(r.device_id=e.device_id),e.access_type&&(r.access_type=e.access_type),e.result===`duress`?r.reason=`duress`:e.result&&(r.result=e.result),e.range)r.start=It(e.range,n,t).toISOString();else if(e.start){let n=U(e.start,t);n&&(r.start=n.toISOString())}if(e.end){let n=U(e.end,t);n&&(r.end=new Date(n.getTime()+6e4).toISOString())}return r}var zt=`/api/gem_access/log.csv`;function Bt(e){let t=new URLSearchParams;for(let[n,r]of Object.entries(e))r!=null&&r!==``&&t.set(n,String(r));let n=t.toString();return n?`${zt}?${n}`:zt}function Vt(e){return Object.values(e).some(e=>e!==void 0&&e!==``)}var W=e=>C`<span class="badge shape-${e.shape} tone-${e.tone}" data-badge=${e.key}>${e.text}</span>`;function Ht(e){if(e.result===`granted`&&e.reason===`duress`)return{key:`duress`,text:`Duress`,tone:`error`,shape:`badge`};switch(e.result){case`granted`:return{key:`granted`,text:`✓ Granted`,tone:`success`,shape:`text`};case`denied`:return{key:`denied`,text:`✕ Denied`,tone:`error`,shape:`text`};case`forced`:return{key:`forced`,text:`⚡ Forced`,tone:`error`,shape:`pill`};case`held_open`:return{key:`held_open`,text:`⏱ Held Open`,tone:`warning`,shape:`pill`};case`error`:return{key:`error`,text:`⚠ Error`,tone:`orange`,shape:`text`};default:return{key:String(e.result),text:String(e.result??`—`),tone:`neutral`,shape:`text`}}}function Ut(e){return e>=50?`high`:e>=30?`mid`:`low`}var Wt={off:`off`,opt_out:`opt-out`,no_photo:`no photo`,no_face:`no face`,anonymous:`—`,error:`error`,pending:`pending`};function Gt(e){let t=e.match_score;if(typeof t==`number`&&(e.match_status===`scored`||e.match_status==null)){let e=Math.round(t),n=Ut(e);return n===`high`?{key:`high`,text:`✓ ${e}%`,tone:`success`,shape:`badge`}:n===`mid`?{key:`mid`,text:`⚠ ${e}%`,tone:`warning`,shape:`badge`}:{key:`low`,text:`✕ ${e}%`,tone:`error`,shape:`badge`}}let n=e.match_status??`off`;return{key:n,text:Wt[n]??n,tone:n===`error`?`orange`:`neutral`,shape:`text`}}var Kt=e=>typeof e.match_score==`number`;function qt(e){return e?e===`rex`?`REX`:e.toUpperCase():`—`}var Jt={success:`Success`,unknown_credential:`Unknown credential`,user_disabled:`User disabled`,not_authorized:`User not authorized`,rule_disabled:`Access rule disabled`,outside_schedule:`Outside schedule hours`,schedule_day:`Schedule day not permitted`,cooldown:`Cooldown`,lockdown:`Lockdown`,duress:`Duress`,forced_door:`Forced door`,held_open:`Held open`,action_failed:`Action failed`,device_error:`Device error`,expired:`Expired`};function Yt(e){return e?Jt[e]??e:`—`}var Xt=/\.(mp4|webm|mov|m4v|m3u8|ts)$/i;function Zt(e,t,n){if(n===`video`||t&&t.toLowerCase().startsWith(`video/`))return!0;if(!e)return!1;if(e.startsWith(`data:`))return/^data:video\//i.test(e);let r=e;try{r=new URL(e,`http://x`).pathname}catch{}return Xt.test(r)}function G(e,t,n,r){var i=arguments.length,a=i<3?t:r===null?r=Object.getOwnPropertyDescriptor(t,n):r,o;if(typeof Reflect==`object`&&typeof Reflect.decorate==`function`)a=Reflect.decorate(e,t,n,r);else for(var s=e.length-1;s>=0;s--)(o=e[s])&&(a=(i<3?o(a):i>3?o(t,n,a):o(t,n))||a);return i>3&&a&&Object.defineProperty(t,n,a),a}var Qt,$t=44,en=124,tn=8,K=class extends j{constructor(...e){super(...e),this.rows=[],this.narrow=!1,this.timeZone=`UTC`,this.loading=!1,this.complete=!1,this._first=0,this._count=40,this._raf=0,this._timeCache=/* @__PURE__ */ new Map,this._tzKey=``,this._topId=null,this._onScroll=()=>{this._raf||=requestAnimationFrame(()=>{this._raf=0,this._measure()})}}connectedCallback(){super.connectedCallback(),this.addEventListener(`scroll`,this._onScroll,{passive:!0})}disconnectedCallback(){super.disconnectedCallback(),this.removeEventListener(`scroll`,this._onScroll),this._observer?.disconnect(),this._observer=void 0,cancelAnimationFrame(this._raf)}get _itemHeight(){return this.narrow?en:$t}_measure(){let e=this._itemHeight,t=Math.max(0,this.scrollTop-(this.narrow?8:$t)),n=Math.max(0,Math.floor(t/e)-tn),r=Math.ceil((this.clientHeight||800)/e)+16;(n!==this._first||r!==this._count)&&(this._first=n,this._count=r),this._checkMore()}_checkMore(){this.scrollHeight-this.scrollTop-this.clientHeight<1200&&this._needMore()}willUpdate(e){if(e.has(`rows`)){let e=this.rows[0]?.id??null;if(this._topId!==null&&e!==null&&e>this._topId&&this.scrollTop>0){let e=this.rows.findIndex(e=>e.id===this._topId);e>0&&(this.scrollTop+=e*this._itemHeight)}this._topId=e}let t=`${this.timeZone}|${this.locale??``}`;t!==this._tzKey&&(this._tzKey=t,this._timeCache.clear())}updated(e){if(e.has(`rows`)&&this.rows.length&&!e.get(`rows`)?.length&&performance.mark(`gem-access:rows-rendered`),e.has(`narrow`)&&this._measure(),!this._observer){let e=this.renderRoot.querySelector(`.footer`);e&&(this._observer=new IntersectionObserver(e=>{e.some(e=>e.isIntersecting)&&this._needMore()},{root:this,rootMargin:`0px 0px 800px 0px`}),this._observer.observe(e))}(e.has(`rows`)||e.has(`loading`))&&!this.loading&&!this.complete&&this._checkMore()}_needMore(){this.loading||this.complete||!this.rows.length||this.dispatchEvent(new CustomEvent(`load-more`,{bubbles:!0,composed:!0}))}resetScroll(){this.scrollTop=0,this._first=0}_time(e){let t=this._timeCache.get(e.id);return t===void 0&&(t=Ot(e.timestamp,this.timeZone,this.locale),this._timeCache.set(e.id,t)),t}_open(e){this.dispatchEvent(new CustomEvent(`open-snapshot`,{detail:{row:e},bubbles:!0,composed:!0}))}_camera(e){return C`<button
      class="cam"
      title="Image / video of event ${e.id}"
      aria-label="Image / video of event ${e.id}"
      data-log-id=${e.id}
      @click=${()=>this._open(e)}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M4,4H7L9,2H15L17,4H20A2,2 0 0,1 22,6V18A2,2 0 0,1 20,20H4A2,2 0 0,1 2,18V6A2,2 0 0,1 4,4M12,7A5,5 0 0,0 7,12A5,5 0 0,0 12,17A5,5 0 0,0 17,12A5,5 0 0,0 12,7M12,9A3,3 0 0,1 15,12A3,3 0 0,1 12,15A3,3 0 0,1 9,12A3,3 0 0,1 12,9Z"
        />
      </svg>
    </button>`}_row(e){let t=e.user_name??(e.user_id?e.user_id:`—`),n=e.device_name??e.device_id??e.door_name??`—`;return C`<div class="row" role="row" data-id=${e.id}>
      <span class="id" role="cell">${e.id}</span>
      <span role="cell" class="ts">${this._time(e)}</span>
      <span role="cell" class="user" title=${t}>${t}</span>
      <span role="cell" class="device" title=${n}>${n}</span>
      <span role="cell">${qt(e.access_type)}</span>
      <span role="cell" class="result">${W(Ht(e))}</span>
      <span role="cell" class="action" title=${e.action_details??``}>${e.action_details??`—`}</span>
      <span role="cell" class="reason" title=${e.reason??``}>${Yt(e.reason)}</span>
      <span role="cell" class="match">${W(Gt(e))}</span>
      <span role="cell" class="camcell">${this._camera(e)}</span>
    </div>`}_card(e){let t=e.user_name??(e.user_id?e.user_id:`—`),n=e.device_name??e.device_id??e.door_name??`—`;return C`<div class="rowcard card" data-id=${e.id}>
      <span class="line who user">${t}</span>
      <span class="right result">${W(Ht(e))}</span>
      <span class="line device">${n} · ${qt(e.access_type)}</span>
      <span class="right match">${W(Gt(e))}</span>
      <span class="line small">${Yt(e.reason)}${e.action_details?C` · <span class="action">${e.action_details}</span>`:T}</span>
      <span class="right" style="grid-row: span 2">${this._camera(e)}</span>
      <span class="line small ts">#${e.id} · ${this._time(e)}</span>
    </div>`}render(){let e=this._itemHeight,t=this.rows.length,n=Math.min(this._first,Math.max(0,t-1)),r=Math.min(t,n+this._count),i=this.rows.slice(n,r),a=n*e,o=(t-r)*e,s=C`<div class="footer" role="status">
      ${this.loading?`Loading…`:this.complete&&t?`${t.toLocaleString()} events`:``}
    </div>`;return this.narrow?C`<div class="cards" role="list" aria-label="Access events">
          <div class="spacer" style="height:${a}px"></div>
          ${i.map(e=>this._card(e))}
          <div class="spacer" style="height:${o}px"></div>
        </div>
        ${s}`:C`<div class="table" role="table" aria-label="Access events" aria-rowcount=${t}>
        <div class="row head" role="row">
          <span role="columnheader">ID</span>
          <span role="columnheader">Timestamp</span>
          <span role="columnheader">User</span>
          <span role="columnheader">Access Device</span>
          <span role="columnheader">Type</span>
          <span role="columnheader">Result</span>
          <span role="columnheader">Action Details</span>
          <span role="columnheader">Reason</span>
          <span role="columnheader">Match</span>
          <span role="columnheader"><span class="sr-only">Image</span></span>
        </div>
        <div class="body" role="rowgroup">
          <div class="spacer" style="height:${a}px"></div>
          ${i.map(e=>this._row(e))}
          <div class="spacer" style="height:${o}px"></div>
        </div>
      </div>
      ${s}`}};Qt=K,Qt.styles=[I,o`
      :host {
        display: block;
        overflow: auto;
        position: relative;
        contain: strict;
        -webkit-overflow-scrolling: touch;
      }
      .table {
        min-width: 900px;
      }
      .row {
        display: grid;
        grid-template-columns:
          52px 200px minmax(80px, 1fr) minmax(90px, 1fr) 48px 112px minmax(90px, 1.3fr)
          minmax(90px, 1fr) 76px 44px;
        align-items: center;
        height: ${$t}px;
        border-bottom: 1px solid var(--ga-border);
        font-size: 14px;
        padding: 0 8px;
      }
      .row > * {
        padding: 0 6px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .head {
        position: sticky;
        top: 0;
        z-index: 1;
        background: var(--table-header-background-color, var(--ga-surface));
        color: var(--ga-muted);
        font-weight: 500;
        font-size: 12px;
        text-transform: uppercase;
        letter-spacing: 0.03em;
      }
      .body .row:hover {
        background: var(--table-row-alternative-background-color, rgba(127, 127, 127, 0.06));
      }
      .id {
        font-variant-numeric: tabular-nums;
        color: var(--ga-muted);
      }
      .row > .camcell {
        padding: 0;
      }
      .cam {
        padding: 0;
        min-height: 32px;
        width: 36px;
        justify-content: center;
        border-color: transparent;
        background: transparent;
      }
      .cam svg {
        width: 20px;
        height: 20px;
        fill: var(--ga-muted);
      }
      .cam:hover svg {
        fill: var(--primary-color);
      }
      .cards {
        padding: 8px;
      }
      .rowcard {
        height: ${116}px;
        margin-bottom: 8px;
        padding: 10px 12px;
        display: grid;
        grid-template-columns: 1fr auto;
        grid-template-rows: auto auto auto auto;
        gap: 2px 8px;
        font-size: 14px;
        overflow: hidden;
      }
      .rowcard .line {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .rowcard .who {
        font-weight: 500;
      }
      .rowcard .right {
        justify-self: end;
      }
      .rowcard .small {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .spacer {
        width: 1px;
      }
      .footer {
        padding: 16px;
        text-align: center;
        color: var(--ga-muted);
        font-size: 13px;
        min-height: 48px;
      }
      .new {
        animation: flash 1.2s ease-out;
      }
      @keyframes flash {
        from {
          background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.25);
        }
        to {
          background: transparent;
        }
      }
    `],G([M({attribute:!1})],K.prototype,`rows`,void 0),G([M({type:Boolean,reflect:!0})],K.prototype,`narrow`,void 0),G([M()],K.prototype,`timeZone`,void 0),G([M()],K.prototype,`locale`,void 0),G([M({type:Boolean})],K.prototype,`loading`,void 0),G([M({type:Boolean})],K.prototype,`complete`,void 0),G([N()],K.prototype,`_first`,void 0),G([N()],K.prototype,`_count`,void 0),F(`gem-access-log-grid`,K);var nn,rn=`No snapshot available for this event.`,an={stored:`stored with the event`,recording:`recording`,live:`live`},q=class extends j{constructor(...e){super(...e),this.timeZone=`UTC`,this._loading=!1,this._error=``,this._gen=0,this._onClose=()=>{this._gen++,this._release(),this._row=void 0,this._snap=void 0}}async open(e){let t=++this._gen;this._release(),this._row=e,this._snap=void 0,this._error=``,this._loading=!0,await this.updateComplete,this._dialog?.open||this._dialog?.showModal(),Kt(e)&&e.user_id&&Ze(this.hass,e.user_id).then(e=>{t===this._gen?this._photo=e:e&&URL.revokeObjectURL(e)}).catch(()=>{t===this._gen&&(this._photo=null)});try{let n=await He(this.hass,e.id);if(t!==this._gen)return;!n||!(n.url||n.data_uri)?this._error=rn:this._snap=n}catch(e){if(t!==this._gen)return;let n=e?.code;this._error=!n||n===`unknown_command`||n===`not_found`||n===`no_snapshot`?rn:`${rn} (${z(e)})`}finally{t===this._gen&&(this._loading=!1)}}rowUpdated(e){if(!this._row)return;let t=e.find(e=>e.id===this._row.id);t&&t!==this._row&&(this._row=t)}close(){this._dialog?.close()}_release(){this._photo&&URL.revokeObjectURL(this._photo),this._photo=void 0}disconnectedCallback(){super.disconnectedCallback(),this._release()}_media(){if(this._loading)return C`<div class="placeholder" role="status">Loading…</div>`;if(this._error||!this._snap)return C`<div class="placeholder err" id="snapshot-error" role="alert">${this._error||`No snapshot available for this event.`}</div>`;let e=this._snap,t=e.url||e.data_uri||``;return Zt(t,e.mime,e.kind)?C`<video id="snapshot-video" src=${t} autoplay controls muted playsinline></video>`:C`<img id="snapshot-image" src=${t} alt="Snapshot of event ${this._row?.id??``}" />`}_caption(){let e=this._snap;return!e||e.source===`stored`?T:C`<figcaption id="snapshot-source">
      ${e.camera_name?C`<span class="camera">${e.camera_name}</span> · `:T}${an[e.source]??e.source}
    </figcaption>`}render(){let e=this._row,t=!!e&&Kt(e);return C`<dialog @close=${this._onClose} aria-labelledby="snap-title">
      ${e?C`<div class="dlg-head">
              <h2 id="snap-title">Event #${e.id}</h2>
              <button class="flat" aria-label="Close" @click=${this.close}>✕</button>
            </div>
            <div class="dlg-body">
              <div class="meta">
                <span>${Ot(e.timestamp,this.timeZone,this.hass?.locale?.language)}</span>
                <span>${e.user_name??`—`}</span>
                <span>${e.device_name??e.device_id??``}</span>
                ${W(Ht(e))}
              </div>
              <div class="media ${t?`compare`:``}">
                ${t?C`<figure id="compare-photo">
                      <figcaption>Profile photo</figcaption>
                      ${this._photo?C`<img src=${this._photo} alt="Profile photo of ${e.user_name??``}" />`:C`<div class="placeholder">${this._photo===null?`No profile photo`:`Loading…`}</div>`}
                    </figure>`:T}
                <figure id="compare-snapshot">
                  ${t?C`<figcaption>Event snapshot</figcaption>`:T} ${this._caption()}
                  ${this._media()}
                </figure>
              </div>
              ${t?C`<div class="score" id="compare-score">Match score ${W(Gt(e))}</div>`:T}
            </div>`:T}
    </dialog>`}};nn=q,nn.styles=[I,o`
      .media {
        display: grid;
        gap: 16px;
        grid-template-columns: 1fr;
      }
      .media.compare {
        grid-template-columns: 1fr 1fr;
      }
      figure {
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
        min-width: 0;
      }
      figcaption {
        font-size: 13px;
        color: var(--ga-muted);
      }
      img,
      video {
        width: 100%;
        max-height: 60vh;
        object-fit: contain;
        background: #000;
        border-radius: 8px;
      }
      .placeholder {
        aspect-ratio: 4 / 3;
        display: flex;
        align-items: center;
        justify-content: center;
        text-align: center;
        padding: 16px;
        border-radius: 8px;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        color: var(--ga-muted);
      }
      .placeholder.err {
        color: var(--ga-error);
      }
      .meta {
        display: flex;
        gap: 8px 16px;
        flex-wrap: wrap;
        font-size: 14px;
        margin-bottom: 12px;
        align-items: center;
      }
      .score {
        margin-top: 12px;
        display: flex;
        align-items: center;
        gap: 8px;
        justify-content: center;
        font-size: 15px;
      }
      .camera {
        font-weight: 500;
      }
      @media (max-width: 600px) {
        .media.compare {
          grid-template-columns: 1fr 1fr;
          gap: 8px;
        }
      }
    `],G([M({attribute:!1})],q.prototype,`hass`,void 0),G([M()],q.prototype,`timeZone`,void 0),G([N()],q.prototype,`_row`,void 0),G([N()],q.prototype,`_snap`,void 0),G([N()],q.prototype,`_loading`,void 0),G([N()],q.prototype,`_error`,void 0),G([N()],q.prototype,`_photo`,void 0),G([P(`dialog`)],q.prototype,`_dialog`,void 0),F(`gem-access-snapshot-dialog`,q);var on,sn=1e4;async function cn(e,t,n=()=>!0){let r=0,i;do{let a=await Re(e,{end:t.toISOString()},i,1e3);if(!n())return{count:r,capped:!1};r+=a.rows.length,i=a.next_before_id}while(i!=null&&r<1e4);return{count:r,capped:i!=null}}var J=class extends j{constructor(...e){super(...e),this._days=`90`,this._counting=!1,this._busy=!1,this._error=``,this._gen=0}async open(){this._done=void 0,this._error=``,this._count=void 0;try{let e=await Ke(this.hass);e.retention_days&&(this._days=String(e.retention_days))}catch{}await this.updateComplete,this._dialog?.showModal(),this._recount()}get _validDays(){if(!/^\d{1,5}$/.test(this._days.trim()))return null;let e=Number(this._days);return e<=36500?e:null}_recount(){window.clearTimeout(this._timer);let e=this._validDays;if(this._count=void 0,e===null)return;let t=++this._gen;this._counting=!0,this._timer=window.setTimeout(async()=>{try{let n=/* @__PURE__ */ new Date(Date.now()-e*864e5),r=await cn(this.hass,n,()=>t===this._gen);t===this._gen&&(this._count=r)}catch(e){t===this._gen&&(this._error=z(e))}finally{t===this._gen&&(this._counting=!1)}},250)}async _confirm(){let e=this._validDays;if(e!==null){this._busy=!0,this._error=``;try{let t=await Ve(this.hass,e);this._done=t.deleted,this.dispatchEvent(new CustomEvent(`deleted`,{detail:t}))}catch(e){this._error=z(e)}finally{this._busy=!1}}}_countText(){if(this._validDays===null)return C`<span class="error-text">Enter a whole number of days (0–36500).</span>`;if(this._counting||!this._count)return C`<span class="muted">Counting…</span>`;let{count:e,capped:t}=this._count,n=t?`${sn.toLocaleString()}+`:e.toLocaleString();return C`<strong id="delete-count" data-count=${t?-1:e}>${n}</strong>
      ${e===1&&!t?`event`:`events`} older than ${this._days} days will be deleted.`}render(){let e=this._count&&this._count.count===0;return C`<dialog aria-labelledby="del-title" @close=${()=>this._gen++}>
      <div class="dlg-head"><h2 id="del-title">Delete Old Logs</h2></div>
      <div class="dlg-body">
        ${this._done===void 0?C`<label class="field"
                >Days to keep
                <input
                  id="keep-days"
                  type="number"
                  min="0"
                  max="36500"
                  step="1"
                  inputmode="numeric"
                  .value=${this._days}
                  @input=${e=>{this._days=e.target.value,this._recount()}}
                />
              </label>
              <div class="count" role="status">${this._countText()}</div>
              <div class="warn">
                <strong>This cannot be undone.</strong> Deleted events are gone for good; export them to CSV
                first if you may need them (compliance, audits).
              </div>`:C`<p id="delete-result" role="status">
              Deleted ${this._done.toLocaleString()} ${this._done===1?`event`:`events`}.
            </p>`}
        ${this._error?C`<div class="banner-error">${this._error}</div>`:T}
      </div>
      <div class="dlg-actions">
        ${this._done===void 0?C`<button @click=${()=>this._dialog?.close()}>Cancel</button>
              <button
                id="confirm-delete"
                class="danger"
                ?disabled=${this._busy||this._validDays===null||this._counting||!!e}
                @click=${this._confirm}
              >
                ${this._busy?`Deleting…`:`Delete`}
              </button>`:C`<button class="primary" @click=${()=>this._dialog?.close()}>Close</button>`}
      </div>
    </dialog>`}};on=J,on.styles=[I,o`
      dialog {
        max-width: 480px;
      }
      .warn {
        border-left: 4px solid var(--ga-error);
        padding: 8px 12px;
        margin: 12px 0;
        background: rgba(var(--rgb-error-color, 219, 68, 55), 0.08);
      }
      .count {
        font-size: 15px;
        margin-top: 12px;
      }
      input {
        width: 140px;
      }
    `],G([M({attribute:!1})],J.prototype,`hass`,void 0),G([N()],J.prototype,`_days`,void 0),G([N()],J.prototype,`_count`,void 0),G([N()],J.prototype,`_counting`,void 0),G([N()],J.prototype,`_busy`,void 0),G([N()],J.prototype,`_error`,void 0),G([N()],J.prototype,`_done`,void 0),G([P(`dialog`)],J.prototype,`_dialog`,void 0),F(`gem-access-delete-dialog`,J);var ln,un=[[`granted`,`Granted`],[`denied`,`Denied`],[`duress`,`Duress`],[`forced`,`Forced`],[`held_open`,`Held Open`],[`error`,`Error`]],dn={pin:`PIN`,rfid:`RFID`,rex:`REX`};function fn(e,t){if(!t.length)return e;let n=new Set(e.map(e=>e.id)),r=t.filter(e=>!n.has(e.id));if(!r.length)return e;let i=r.concat(e);return i.sort((e,t)=>t.id-e.id),i}var Y=class extends j{constructor(...e){super(...e),this.narrow=!1,this._filters={},this._rows=[],this._next=null,this._loading=!1,this._error=``,this._choices={users:[],devices:[],doors:[]},this._filtersOpen=!1,this._exporting=!1,this._live=!1,this._gen=0,this._started=!1,this._query={}}connectedCallback(){super.connectedCallback(),performance.mark(`gem-access:log-connected`),this._filters=Nt(window.location.search),this.hass&&this._start()}disconnectedCallback(){super.disconnectedCallback(),this._stopLive(),this._started=!1}willUpdate(e){e.has(`hass`)&&this.hass&&!this._started&&this.isConnected&&this._start()}get _tz(){return this.hass?.config?.time_zone||`UTC`}_start(){this._started=!0,Be(this.hass).then(e=>this._choices=e).catch(()=>void 0),this._reload()}_stopLive(){let e=this._unsub;this._unsub=void 0,this._live=!1,e?.then(e=>e?.()).catch(()=>void 0)}async _reload(){let e=++this._gen;this._stopLive(),this._rows=[],this._next=null,this._error=``,this._loading=!0,this._grid?.resetScroll();let t=Rt(this._filters,this._tz);this._query=t;let n=[],r=t=>{e===this._gen&&(n?n.push(t):this._apply([t]))};this._unsub=ze(this.hass,t,r).then(t=>{if(e!==this._gen)t();else return this._live=!0,t},()=>void 0),await this._unsub;try{let n=await Re(this.hass,t);if(e!==this._gen)return;this._rows=n.rows,this._next=n.next_before_id}catch(t){if(e!==this._gen)return;this._error=z(t)}finally{e===this._gen&&(this._loading=!1)}let i=n;n=null,i?.length&&this._apply(i)}_apply(e){let t=this._rows,n=[];for(let r of e)if(r.type===`added`)n.push(r.row);else if(r.type===`updated`){let e=t.findIndex(e=>e.id===r.row.id);e>=0&&(t===this._rows&&(t=t.slice()),t[e]=r.row)}t=fn(t,n),t!==this._rows&&(this._rows=t,this._snapshot?.rowUpdated(t))}async _loadMore(){if(this._loading||this._next==null)return;let e=this._gen,t=this._next;this._loading=!0;try{let n=await Re(this.hass,this._query,t,100);if(e!==this._gen)return;let r=new Set(this._rows.map(e=>e.id));this._rows=this._rows.concat(n.rows.filter(e=>!r.has(e.id))),this._next=n.next_before_id}catch(t){e===this._gen&&(this._error=z(t))}finally{e===this._gen&&(this._loading=!1)}}_setFilters(e){this._filters=e;let t=`${window.location.pathname}${Ft(e)}${window.location.hash}`;window.history.replaceState(window.history.state,``,t),this._reload()}_change(e,t){let n={...this._filters};t?n[e]=t:delete n[e],e===`start`&&delete n.range,this._setFilters(n)}_quick(e){let t={...this._filters};t.range===e?delete t.range:t.range=e,delete t.start,this._setFilters(t)}_clear(){this._setFilters({})}async _export(){this._exporting=!0;try{let e=await Je(this.hass,Bt(Rt(this._filters,this._tz))),t=document.createElement(`a`);t.href=e,t.download=``,t.rel=`noopener`,t.style.display=`none`,this.renderRoot.appendChild(t),t.click(),t.remove()}catch(e){this._error=`Export failed: ${z(e)}`}finally{this._exporting=!1}}_choiceOptions(e,t){let n=e.some(e=>e.id===t);return C`${e.map(e=>C`<option value=${e.id} ?selected=${e.id===t}>
          ${e.deleted?`${e.name} (deleted)`:e.name}
        </option>`)}${t&&!n?C`<option value=${t} selected>${t}</option>`:T}`}_renderFilters(){let e=this._filters,t=e.range?Lt(e.range,/* @__PURE__ */ new Date,this._tz):e.start??``;return C`<div class="filters card" role="search" aria-label="Filters">
      <label class="field"
        >User
        <select id="f-user" @change=${e=>this._change(`user_id`,e.target.value)}>
          <option value="" ?selected=${!e.user_id}>All Users</option>
          ${this._choiceOptions(this._choices.users,e.user_id)}
        </select>
      </label>
      <label class="field"
        >Access Device
        <select
          id="f-device"
          @change=${e=>this._change(`device_id`,e.target.value)}
        >
          <option value="" ?selected=${!e.device_id}>All Devices</option>
          ${this._choiceOptions(this._choices.devices,e.device_id)}
        </select>
      </label>
      <label class="field"
        >Access Type
        <select
          id="f-type"
          @change=${e=>this._change(`access_type`,e.target.value)}
        >
          <option value="" ?selected=${!e.access_type}>All Types</option>
          ${At.map(t=>C`<option value=${t} ?selected=${e.access_type===t}>${dn[t]}</option>`)}
        </select>
      </label>
      <label class="field"
        >Result
        <select id="f-result" @change=${e=>this._change(`result`,e.target.value)}>
          <option value="" ?selected=${!e.result}>All Results</option>
          ${un.map(([t,n])=>C`<option value=${t} ?selected=${e.result===t}>${n}</option>`)}
        </select>
      </label>
      <label class="field"
        >From
        <input
          id="f-start"
          type="datetime-local"
          .value=${t}
          @change=${e=>this._change(`start`,e.target.value)}
        />
      </label>
      <label class="field"
        >To
        <input
          id="f-end"
          type="datetime-local"
          .value=${e.end??``}
          @change=${e=>this._change(`end`,e.target.value)}
        />
      </label>
      <div class="quick-wrap">
        <div class="field" style="display:flex;flex-direction:column;gap:4px">
          <span class="muted" style="font-size:12px">Quick Range</span>
          <div class="quick" role="group" aria-label="Quick range">
            ${jt.map(t=>C`<button
                class="toggle"
                data-range=${t}
                aria-pressed=${e.range===t?`true`:`false`}
                title="Last ${t===`1`?`24 hours`:`${t} days`}"
                @click=${()=>this._quick(t)}
              >
                ${t}D
              </button>`)}
          </div>
        </div>
        <button id="clear-filters" class="flat" ?disabled=${!Vt(e)} @click=${this._clear}>
          Clear Filters
        </button>
      </div>
    </div>`}_renderEmpty(){let e=Vt(this._filters);return C`<div class="empty" id="empty-state">
      <h3>No access events${e?` match these filters`:` yet`}</h3>
      <div class="muted">
        ${e?C`Try a wider date range or <button class="flat" @click=${this._clear}>Clear Filters</button>`:`Events appear here the moment a credential is presented.`}
      </div>
      <ul>
        <li>Check that at least one access device (reader) is configured under Devices and assigned to a door.</li>
        <li>Check that the reader's driver is connected (serial port, OSDP bus, or the HA tag / event source).</li>
        <li>Try a credential with the action <code>gem_access.present_credential</code> in Developer tools.</li>
        <li>Old events may have been removed by the retention setting or Delete Old Logs.</li>
        <li>A quick range or a From / To date may hide older events.</li>
      </ul>
    </div>`}render(){let e=!this.narrow||this._filtersOpen,t=!this._loading&&!this._rows.length&&!this._error;return C`
      <div class="toolbar">
        <h2>
          Access Log
          <span class="live ${this._live?`on`:``}" title="Live updates">${this._live?`Live`:`Offline`}</span>
        </h2>
        ${this.narrow?C`<button
              id="toggle-filters"
              aria-expanded=${this._filtersOpen?`true`:`false`}
              @click=${()=>this._filtersOpen=!this._filtersOpen}
            >
              Filters${Vt(this._filters)?` •`:``}
            </button>`:T}
        <button id="export-csv" ?disabled=${this._exporting} @click=${this._export}>
          ${this._exporting?`Exporting…`:`Export CSV`}
        </button>
        <button id="delete-old" @click=${()=>this._delete?.open()}>Delete Old Logs</button>
      </div>
      ${e?this._renderFilters():T}
      ${this._error?C`<div class="banner-error" style="margin:8px 16px 0">${this._error}</div>`:T}
      <div class="grid-card card">
        ${t?this._renderEmpty():C`<gem-access-log-grid
              .rows=${this._rows}
              .narrow=${this.narrow}
              .timeZone=${this._tz}
              .locale=${this.hass?.locale?.language??this.hass?.language}
              .loading=${this._loading}
              .complete=${this._next==null}
              @load-more=${this._loadMore}
              @open-snapshot=${e=>this._snapshot?.open(e.detail.row)}
            ></gem-access-log-grid>`}
      </div>
      <gem-access-snapshot-dialog .hass=${this.hass} .timeZone=${this._tz}></gem-access-snapshot-dialog>
      <gem-access-delete-dialog .hass=${this.hass} @deleted=${()=>this._reload()}></gem-access-delete-dialog>
    `}};ln=Y,ln.styles=[I,o`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        min-height: 0;
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 12px 16px 0;
        flex-wrap: wrap;
      }
      .toolbar h2 {
        margin: 0;
        font-size: 20px;
        font-weight: 400;
        flex: 1;
        display: flex;
        align-items: center;
        gap: 10px;
      }
      .live {
        font-size: 12px;
        color: var(--ga-muted);
        display: inline-flex;
        align-items: center;
        gap: 4px;
      }
      .live::before {
        content: "";
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ga-muted);
      }
      .live.on::before {
        background: var(--ga-success);
      }
      .filters {
        margin: 12px 16px 0;
        padding: 12px;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 10px 12px;
        align-items: end;
      }
      .filters select,
      .filters input {
        width: 100%;
        min-width: 0;
      }
      .filters label {
        min-width: 0;
      }
      .quick {
        display: flex;
        gap: 4px;
        flex-wrap: wrap;
        align-items: center;
      }
      .quick button {
        min-width: 44px;
        justify-content: center;
      }
      .quick-wrap {
        grid-column: span 2;
        display: flex;
        gap: 8px;
        align-items: flex-end;
        flex-wrap: wrap;
        justify-content: space-between;
      }
      :host([narrow]) .quick-wrap {
        grid-column: 1 / -1;
      }
      :host([narrow]) .filters {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 8px;
        margin: 8px 8px 0;
      }
      :host([narrow]) .toolbar {
        padding: 8px 8px 0;
      }
      :host([narrow]) .toolbar h2 {
        font-size: 18px;
      }
      .grid-card {
        flex: 1;
        min-height: 0;
        margin: 12px 16px 16px;
        display: flex;
        flex-direction: column;
        overflow: hidden;
        position: relative;
      }
      :host([narrow]) .grid-card {
        margin: 8px 0 0;
        border: none;
        border-radius: 0;
        background: transparent;
      }
      gem-access-log-grid {
        flex: 1;
        min-height: 0;
      }
      .empty {
        padding: 32px 24px;
        max-width: 640px;
        margin: 0 auto;
      }
      .empty h3 {
        margin: 0 0 8px;
        font-weight: 500;
      }
      .empty ul {
        margin: 8px 0 0;
        padding-left: 20px;
        color: var(--ga-muted);
        line-height: 1.6;
      }
      .count {
        font-size: 13px;
      }
    `],G([M({attribute:!1})],Y.prototype,`hass`,void 0),G([M({type:Boolean,reflect:!0})],Y.prototype,`narrow`,void 0),G([N()],Y.prototype,`_filters`,void 0),G([N()],Y.prototype,`_rows`,void 0),G([N()],Y.prototype,`_next`,void 0),G([N()],Y.prototype,`_loading`,void 0),G([N()],Y.prototype,`_error`,void 0),G([N()],Y.prototype,`_choices`,void 0),G([N()],Y.prototype,`_filtersOpen`,void 0),G([N()],Y.prototype,`_exporting`,void 0),G([N()],Y.prototype,`_live`,void 0),G([P(`gem-access-log-grid`)],Y.prototype,`_grid`,void 0),G([P(`gem-access-snapshot-dialog`)],Y.prototype,`_snapshot`,void 0),G([P(`gem-access-delete-dialog`)],Y.prototype,`_delete`,void 0),F(`gem-access-log-view`,Y);var pn,X=class extends j{constructor(...e){super(...e),this.narrow=!1,this.collection=`users`,this.heading=``,this.singular=``,this.intro=``,this.fields=[],this.columns=[],this.defaults={},this._records=[],this._loaded=!1,this._listError=``,this._creating=!1,this._values={},this._errors={},this._formError=``,this._saving=!1,this._touched=/* @__PURE__ */ new Set,this._requested=!1}willUpdate(e){let t=e.has(`collection`)&&e.get(`collection`)!==void 0;this.hass&&(!this._requested||t)&&(this._requested=!0,this.refresh())}async refresh(){try{this._records=await L(this.hass,this.collection),this._listError=``}catch(e){this._listError=z(e)}this._loaded=!0,this.dispatchEvent(new CustomEvent(`records-changed`,{bubbles:!0,composed:!0}))}_initialValues(e){let t={};for(let n of this.fields){let r=e?e[n.key]:this.defaults[n.key];n.type===`secret`||n.type===`secret-list`?t[n.key]=``:n.type===`multi`?t[n.key]=Array.isArray(r)?[...r]:[]:n.type===`schedule`?t[n.key]=Array.isArray(r)?structuredClone(r):[]:n.type===`bool`?t[n.key]=r??!1:t[n.key]=r??``}return t}async edit(e){this._editing=e,this._creating=!e,this._values=this._initialValues(e),this._errors={},this._formError=``,this._touched=/* @__PURE__ */ new Set,await this.updateComplete,this._dialog?.open||this._dialog?.showModal()}_set(e,t){if(this._values={...this._values,[e]:t},this._errors[e]){let{[e]:t,...n}=this._errors;this._errors=n}}async _save(){this._saving=!0,this._errors={},this._formError=``;let e=at(this.fields,this._values,this._editing,this._touched);try{let t=this._editing?await We(this.hass,this.collection,this._editing.id,e):await Ue(this.hass,this.collection,e);await this.refresh();let n=t;this._creating&&this.extra?(this._editing=this._records.find(e=>e.id===n.id)??n,this._creating=!1,this._values=this._initialValues(this._editing),this._touched=/* @__PURE__ */ new Set):this._dialog?.close()}catch(e){let t=et(e);t&&this.fields.some(e=>e.key===t)?this._errors={[t]:z(e)}:!t&&e?.translation_key===`invalid_name`?this._errors={name:z(e)}:this._formError=z(e)}finally{this._saving=!1}}async _delete(){if(this._editing&&window.confirm(`Delete ${this.singular||`record`} "${this._editing.name}"?`))try{await Ge(this.hass,this.collection,this._editing.id),this._dialog?.close(),await this.refresh()}catch(e){this._formError=z(e)}}_entityOptions(e=[]){return Object.keys(this.hass?.states??{}).filter(t=>e.some(e=>t.startsWith(`${e}.`))).sort()}_field(e){let t=this._values[e.key],n=this._errors[e.key],r=`field-${e.key}`,i=e.type===`multi`||e.type===`schedule`||e.type===`secret-list`||e.type===`bool`,a=n?C`<span class="field-error" id="${r}-error" role="alert" data-field-error=${e.key}>${n}</span>`:T,o=e.help?C`<span class="help">${e.help}</span>`:T,s=`${i?`wide`:``} ${n?`invalid`:``}`;switch(e.type){case`bool`:return C`<div class=${s}>
          <label class="check"
            ><input
              id=${r}
              name=${e.key}
              type="checkbox"
              .checked=${!!t}
              @change=${t=>this._set(e.key,t.target.checked)}
            />${e.label}</label
          >
          ${o} ${a}
        </div>`;case`select`:return C`<label class="field ${s}"
          >${e.label}
          <select id=${r} name=${e.key} @change=${t=>this._set(e.key,t.target.value)}>
            ${e.required?T:C`<option value="" ?selected=${!t}>—</option>`}
            ${(e.options??[]).map(e=>C`<option value=${e.value} ?selected=${e.value===t}>${e.label}</option>`)}
          </select>
          ${o} ${a}
        </label>`;case`multi`:{let n=new Set(t);return C`<fieldset class="field ${s}" style="border:none;padding:0;margin:0">
          <legend class="muted" style="font-size:12px">${e.label}</legend>
          <div class="multi" id=${r}>
            ${(e.options??[]).length?(e.options??[]).map(t=>C`<label class="check"
                    ><input
                      type="checkbox"
                      name=${e.key}
                      value=${t.value}
                      .checked=${n.has(t.value)}
                      @change=${r=>{let i=new Set(n);r.target.checked?i.add(t.value):i.delete(t.value),this._set(e.key,[...i])}}
                    />${t.label}</label
                  >`):C`<span class="muted">None configured yet.</span>`}
          </div>
          ${o} ${a}
        </fieldset>`}case`schedule`:return this._schedule(e,t??[],s,a);case`secret`:case`secret-list`:{let n=e.stored?.(this._editing)??``;return C`<label class="field ${s}"
          >${e.label}
          ${this._editing?C`<span class="stored" data-stored=${e.key}>${n}</span>`:T}
          <input
            id=${r}
            name=${e.key}
            type="password"
            autocomplete="new-password"
            placeholder=${this._editing?e.type===`secret-list`?`Type to replace all (comma separated); leave empty to keep`:`Type to replace; leave empty to keep`:e.type===`secret-list`?`Comma separated`:``}
            .value=${String(t??``)}
            @input=${t=>{let n=t.target.value;n?this._touched.add(e.key):this._touched.delete(e.key),this._set(e.key,n)}}
          />
          ${this._editing&&e.optional&&n!==`not set`?C`<button
                type="button"
                class="flat"
                style="align-self:flex-start"
                @click=${()=>{this._touched.add(e.key),this._set(e.key,(e.type,``)),this._formError=``,this._clearSecret(e)}}
              >
                Remove
              </button>`:T}
          ${o} ${a}
        </label>`}case`entity`:{let n=`${r}-list`;return C`<label class="field ${s}"
          >${e.label}
          <input
            id=${r}
            name=${e.key}
            list=${n}
            placeholder=${(e.domains??[]).map(e=>`${e}.…`).join(` or `)}
            .value=${String(t??``)}
            @input=${t=>this._set(e.key,t.target.value.trim())}
          />
          <datalist id=${n}>
            ${this._entityOptions(e.domains).map(e=>C`<option value=${e}></option>`)}
          </datalist>
          ${o} ${a}
        </label>`}default:return C`<label class="field ${s}"
          >${e.label}
          <input
            id=${r}
            name=${e.key}
            type=${e.type===`number`?`number`:e.type===`date`?`date`:`text`}
            min=${e.min??``}
            max=${e.max??``}
            ?required=${!!e.required}
            .value=${String(t??``)}
            @input=${t=>this._set(e.key,t.target.value)}
          />
          ${o} ${a}
        </label>`}}async _clearSecret(e){if(this._editing)try{await We(this.hass,this.collection,this._editing.id,{[e.key]:e.type===`secret-list`?[]:null}),this._touched.delete(e.key),await this.refresh(),this._editing=this._records.find(e=>e.id===this._editing.id)??this._editing}catch(t){this._errors={...this._errors,[e.key]:z(t)}}}_schedule(e,t,n,r){let i=(n,r)=>{let i=t.slice();i[n]=r,this._set(e.key,i)};return C`<div class="${n}" id="field-${e.key}">
      <div class="muted" style="font-size:12px;margin-bottom:6px">${e.label}</div>
      ${t.length?T:C`<div class="help" style="margin-bottom:8px">No windows: always allowed.</div>`}
      ${t.map((n,r)=>C`<div class="window" data-window=${r}>
          <div class="days" role="group" aria-label="Days">
            ${tt.map(e=>C`<label class="check"
                ><input
                  type="checkbox"
                  data-day=${e}
                  .checked=${n.days.includes(e)}
                  @change=${t=>{let a=t.target.checked,o=tt.filter(t=>t===e?a:n.days.includes(t));i(r,{...n,days:o})}}
                />${nt[e]}</label
              >`)}
          </div>
          <label class="check"
            >From
            <input
              type="time"
              data-part="start"
              .value=${n.start}
              @change=${e=>i(r,{...n,start:e.target.value})}
          /></label>
          <label class="check"
            >to
            <input
              type="time"
              data-part="end"
              .value=${n.end}
              @change=${e=>i(r,{...n,end:e.target.value})}
          /></label>
          <button
            type="button"
            class="flat"
            aria-label="Remove window"
            @click=${()=>this._set(e.key,t.filter((e,t)=>t!==r))}
          >
            ✕
          </button>
        </div>`)}
      <button type="button" id="add-window" @click=${()=>this._set(e.key,[...t,ot()])}>
        + Add time window
      </button>
      <div class="help">An end before the start runs overnight.</div>
      ${r}
    </div>`}_list(){return this._loaded?this._records.length?this.narrow?C`<div class="cards">
        ${this._records.map(e=>C`<button class="reccard card" data-id=${e.id} @click=${()=>this.edit(e)}>
            <span class="name">${e.name}</span>
            ${this.columns.slice(1).map(t=>C`<span class="kv"><span class="k">${t.label}:</span><span>${t.render(e)}</span></span>`)}
          </button>`)}
      </div>`:C`<div class="card" style="overflow:auto">
      <table>
        <thead>
          <tr>
            ${this.columns.map(e=>C`<th>${e.label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${this._records.map(e=>C`<tr class="rec" data-id=${e.id} tabindex="0" @click=${()=>this.edit(e)}
              @keydown=${t=>t.key===`Enter`&&this.edit(e)}>
              ${this.columns.map(t=>C`<td>${t.render(e)}</td>`)}
            </tr>`)}
        </tbody>
      </table>
    </div>`:C`<div class="card empty muted">No ${this.heading.toLowerCase()} yet.</div>`:C`<div class="muted empty">Loading…</div>`}render(){return C`
      <div class="head">
        <h2>${this.heading}</h2>
        <button class="primary" id="add-record" @click=${()=>this.edit()}>+ Add ${this.singular}</button>
      </div>
      ${this.intro?C`<p class="muted" style="margin-top:0">${this.intro}</p>`:T}
      ${this._listError?C`<div class="banner-error">${this._listError}</div>`:T} ${this._list()}
      <dialog aria-labelledby="edit-title" @close=${()=>this._editing=void 0}>
        <div class="dlg-head">
          <h2 id="edit-title">
            ${this._editing?`Edit ${this.singular}`:`New ${this.singular}`}
          </h2>
          <button class="flat" aria-label="Close" @click=${()=>this._dialog?.close()}>✕</button>
        </div>
        <form
          class="dlg-body"
          @submit=${e=>{e.preventDefault(),this._save()}}
        >
          ${this._formError?C`<div class="banner-error" id="form-error" role="alert">${this._formError}</div>`:T}
          <div class="form">${this.fields.map(e=>this._field(e))}</div>
          ${this._editing&&this.extra?this.extra(this._editing,()=>this._afterExtra()):T}
          <button type="submit" hidden></button>
        </form>
        <div class="dlg-actions">
          ${this._editing?C`<button class="flat" style="color:var(--ga-error)" id="delete-record" @click=${this._delete}>
                Delete
              </button>`:T}
          <span class="spacer"></span>
          <button @click=${()=>this._dialog?.close()}>Cancel</button>
          <button class="primary" id="save-record" ?disabled=${this._saving} @click=${this._save}>
            ${this._saving?`Saving…`:`Save`}
          </button>
        </div>
      </dialog>
    `}async _afterExtra(){await this.refresh(),this._editing&&=this._records.find(e=>e.id===this._editing.id)??this._editing}};pn=X,pn.styles=[I,o`
      :host {
        display: block;
        padding: 12px 16px 24px;
        overflow: auto;
        height: 100%;
      }
      :host([narrow]) {
        padding: 8px;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
      }
      .head h2 {
        flex: 1;
        margin: 0;
        font-size: 20px;
        font-weight: 400;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 14px;
      }
      th {
        text-align: left;
        font-size: 12px;
        text-transform: uppercase;
        color: var(--ga-muted);
        font-weight: 500;
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
      }
      td {
        padding: 10px 12px;
        border-bottom: 1px solid var(--ga-border);
        vertical-align: middle;
      }
      tr.rec {
        cursor: pointer;
      }
      tr.rec:hover {
        background: rgba(127, 127, 127, 0.06);
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .reccard {
        padding: 12px;
        cursor: pointer;
        display: grid;
        gap: 4px;
        font-size: 14px;
        text-align: left;
        width: 100%;
      }
      .reccard .name {
        font-weight: 500;
        font-size: 15px;
      }
      .kv {
        display: flex;
        gap: 6px;
      }
      .kv .k {
        color: var(--ga-muted);
      }
      .form {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 12px 16px;
      }
      :host([narrow]) .form {
        grid-template-columns: 1fr;
      }
      .form .wide {
        grid-column: 1 / -1;
      }
      .form input:not([type="checkbox"]),
      .form select {
        width: 100%;
      }
      .stored {
        font-size: 13px;
        color: var(--primary-text-color);
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .multi {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        padding: 6px 0;
      }
      .window {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 12px;
        align-items: center;
        padding: 8px;
        border: 1px solid var(--ga-border);
        border-radius: 8px;
        margin-bottom: 8px;
      }
      .window .days {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 10px;
      }
      .window input[type="time"] {
        width: 120px !important;
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .invalid input,
      .invalid select {
        border-color: var(--ga-error);
      }
      .dlg-actions .spacer {
        flex: 1;
      }
      .empty {
        padding: 24px;
        text-align: center;
      }
    `],G([M({attribute:!1})],X.prototype,`hass`,void 0),G([M({type:Boolean,reflect:!0})],X.prototype,`narrow`,void 0),G([M()],X.prototype,`collection`,void 0),G([M()],X.prototype,`heading`,void 0),G([M()],X.prototype,`singular`,void 0),G([M()],X.prototype,`intro`,void 0),G([M({attribute:!1})],X.prototype,`fields`,void 0),G([M({attribute:!1})],X.prototype,`columns`,void 0),G([M({attribute:!1})],X.prototype,`defaults`,void 0),G([M({attribute:!1})],X.prototype,`extra`,void 0),G([N()],X.prototype,`_records`,void 0),G([N()],X.prototype,`_loaded`,void 0),G([N()],X.prototype,`_listError`,void 0),G([N()],X.prototype,`_editing`,void 0),G([N()],X.prototype,`_creating`,void 0),G([N()],X.prototype,`_values`,void 0),G([N()],X.prototype,`_errors`,void 0),G([N()],X.prototype,`_formError`,void 0),G([N()],X.prototype,`_saving`,void 0),G([P(`dialog`)],X.prototype,`_dialog`,void 0),F(`gem-access-records-view`,X);var mn,hn=[{key:`retention_days`,label:`Keep logs for (days)`,help:`0 keeps them forever.`,min:0,max:36500},{key:`cooldown_failures`,label:`Cooldown after failed attempts`,help:`Failures on one reader within the window that start a cooldown (0 turns it off).`,min:0,max:100},{key:`cooldown_window_s`,label:`Failure window (s)`,help:``,min:1,max:86400},{key:`cooldown_s`,label:`Cooldown length (s)`,help:``,min:0,max:86400},{key:`forced_grace_s`,label:`Forced-door grace (s)`,help:`A door opening this long after a grant is not forced.`,min:0,max:300},{key:`default_held_open_threshold_sec`,label:`Default held-open threshold (s)`,help:`Used when neither the rule nor the door sets one. Empty: never.`,min:5,max:86400,optional:!0}],Z=class extends j{constructor(...e){super(...e),this.narrow=!1,this._values={},this._ack=!1,this._errors={},this._formError=``,this._saved=!1,this._saving=!1,this._requested=!1}willUpdate(){this.hass&&!this._requested&&(this._requested=!0,this._load())}async _load(){try{this._settings=await Ke(this.hass),this._values={...this._settings},this._ack=!1}catch(e){this._formError=z(e)}}_set(e,t){this._values={...this._values,[e]:t},this._saved=!1,this._errors[e]&&(this._errors={})}get _turningOn(){return!!this._values.facial_recognition_enabled&&!this._settings?.facial_recognition_enabled}async _save(){if(!this._settings)return;this._errors={},this._formError=``;let e={};for(let t of hn){let n=this._values[t.key],r=n===``||n==null?t.optional?null:n:Number(n);r!==this._settings[t.key]&&(e[t.key]=r)}if(this._values.facial_recognition_enabled!==this._settings.facial_recognition_enabled&&(e.facial_recognition_enabled=!!this._values.facial_recognition_enabled,this._turningOn)){if(!this._ack){this._errors={privacy_acknowledged:`Confirm the privacy notice to turn facial recognition on.`};return}e.privacy_acknowledged=!0}if(!Object.keys(e).length)this._saved=!0;else{this._saving=!0;try{this._settings=await qe(this.hass,e),this._values={...this._settings},this._ack=!1,this._saved=!0}catch(e){let t=et(e);t?this._errors={[t]:z(e)}:e.translation_key===`privacy_acknowledgement_required`?this._errors={privacy_acknowledged:z(e)}:this._formError=z(e)}finally{this._saving=!1}}}render(){if(!this._settings)return C`<h2>Settings</h2>
        ${this._formError?C`<div class="banner-error">${this._formError}</div>`:C`<p class="muted">Loading…</p>`}`;let e=this._values;return C`<h2>Settings</h2>
      ${this._formError?C`<div class="banner-error" id="form-error">${this._formError}</div>`:T}
      <section class="card">
        <h3>Facial recognition</h3>
        <label class="check">
          <input
            id="field-facial_recognition_enabled"
            type="checkbox"
            .checked=${!!e.facial_recognition_enabled}
            @change=${e=>this._set(`facial_recognition_enabled`,e.target.checked)}
          />
          Score each access event against the user's profile photo (advisory only)
        </label>
        ${this._turningOn?C`<div class="privacy">
                Biometric data is regulated in some places (e.g. Illinois BIPA, EU/UK GDPR Article 9). Before turning
                this on, confirm it is lawful where this installation is and that you have the consent of everyone
                whose photo you upload. Processing stays on this server; photos and embeddings never leave it.
              </div>
              <label class="check">
                <input
                  id="field-privacy_acknowledged"
                  type="checkbox"
                  .checked=${this._ack}
                  @change=${e=>{this._ack=e.target.checked,this._errors={}}}
                />
                I have read this and I am allowed to process these biometric identifiers
              </label>`:T}
        ${this._errors.privacy_acknowledged||this._errors.facial_recognition_enabled?C`<div class="field-error" role="alert" data-field-error="privacy_acknowledged">
              ${this._errors.privacy_acknowledged||this._errors.facial_recognition_enabled}
            </div>`:T}
      </section>
      <section class="card">
        <h3>Retention, cooldown and thresholds</h3>
        <div class="grid">
          ${hn.map(t=>C`<label class="field">
              ${t.label}
              <input
                id="field-${t.key}"
                type="number"
                min=${t.min}
                max=${t.max}
                step="1"
                .value=${e[t.key]===null||e[t.key]===void 0?``:String(e[t.key])}
                @input=${e=>this._set(t.key,e.target.value)}
              />
              ${t.help?C`<span class="help">${t.help}</span>`:T}
              ${this._errors[t.key]?C`<span class="field-error" role="alert" data-field-error=${t.key}>${this._errors[t.key]}</span>`:T}
            </label>`)}
        </div>
      </section>
      <div class="actions">
        <button class="primary" id="save-settings" ?disabled=${this._saving} @click=${this._save}>
          ${this._saving?`Saving…`:`Save`}
        </button>
        ${this._saved?C`<span class="ok" role="status">Saved.</span>`:T}
      </div>`}};mn=Z,mn.styles=[I,o`
      :host {
        display: block;
        padding: 12px 16px 24px;
        overflow: auto;
        height: 100%;
      }
      :host([narrow]) {
        padding: 8px;
      }
      h2 {
        font-size: 20px;
        font-weight: 400;
        margin: 0 0 12px;
      }
      section {
        padding: 16px;
        margin-bottom: 16px;
        max-width: 820px;
      }
      h3 {
        margin: 0 0 8px;
        font-weight: 500;
        font-size: 16px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
        gap: 12px 16px;
      }
      .grid input {
        width: 100%;
      }
      .privacy {
        font-size: 13px;
        border-left: 4px solid var(--ga-warning);
        padding: 8px 12px;
        margin: 8px 0;
        line-height: 1.5;
      }
      .help {
        font-size: 12px;
        color: var(--ga-muted);
      }
      .field-error {
        color: var(--ga-error);
        font-size: 12px;
      }
      .actions {
        display: flex;
        gap: 12px;
        align-items: center;
      }
      .ok {
        color: var(--ga-success);
      }
    `],G([M({attribute:!1})],Z.prototype,`hass`,void 0),G([M({type:Boolean,reflect:!0})],Z.prototype,`narrow`,void 0),G([N()],Z.prototype,`_settings`,void 0),G([N()],Z.prototype,`_values`,void 0),G([N()],Z.prototype,`_ack`,void 0),G([N()],Z.prototype,`_errors`,void 0),G([N()],Z.prototype,`_formError`,void 0),G([N()],Z.prototype,`_saved`,void 0),G([N()],Z.prototype,`_saving`,void 0),F(`gem-access-settings-view`,Z);var gn,_n={no_face_detected:`No face was found in this photo: upload a clearer, front-facing one.`,multiple_faces:`More than one face in this photo: upload one with only this person.`},Q=class extends j{constructor(...e){super(...e),this._status=``,this._error=``,this._busy=!1,this._shownFor=``}willUpdate(){let e=`${this.user?.id}|${this.user?.has_photo}`;this.user&&e!==this._shownFor&&(this._shownFor=e,this._load())}async _load(){if(this._revoke(),!this.user.has_photo)this._url=null;else try{this._url=await Ze(this.hass,this.user.id)}catch{this._url=null}}_revoke(){this._url&&URL.revokeObjectURL(this._url),this._url=void 0}disconnectedCallback(){super.disconnectedCallback(),this._revoke(),this._shownFor=``}async _upload(e){let t=e.target,n=t.files?.[0];if(n){this._busy=!0,this._error=``,this._status=`Uploading…`;try{let e=await Qe(this.hass,this.user.id,n),t=e.facial_recognition_embedding_error??e.embedding_error;this._status=t?``:`Photo saved and enrolled.`,t&&(this._error=_n[t]??`Photo saved, but not enrolled: ${t}`),this._shownFor=``,this.dispatchEvent(new CustomEvent(`photo-changed`))}catch(e){this._status=``,this._error=`Upload failed: ${z(e)}`}finally{this._busy=!1,t.value=``}}}async _remove(){this._busy=!0,this._error=``;try{await $e(this.hass,this.user.id),this._status=`Photo removed.`,this._shownFor=``,this.dispatchEvent(new CustomEvent(`photo-changed`))}catch(e){this._error=`Could not remove the photo: ${z(e)}`}finally{this._busy=!1}}render(){let e=this.user,t=e.facial_recognition_embedding_error;return C`<div class="muted" style="font-size:12px;margin-bottom:6px">Profile photo (facial recognition)</div>
      <div class="row">
        ${this._url?C`<img class="thumb" src=${this._url} alt="Profile photo of ${e.name}" />`:C`<div class="thumb">${this._url===null?`No photo`:`…`}</div>`}
        <div class="col">
          <div id="photo-status" role="status">
            ${e.has_photo?t?C`<span class="error-text">${_n[t]??`Not enrolled: ${t}`}</span>`:C`<span class="ok">Photo on file${e.facial_recognition_enabled?``:` (user opted out)`}.</span>`:C`<span class="muted">No photo: this user's events show “no photo”.</span>`}
          </div>
          <label class="button" style="align-self:flex-start">
            ${e.has_photo?`Replace photo`:`Upload photo`}
            <input
              id="photo-file"
              type="file"
              accept="image/jpeg,image/png"
              hidden
              ?disabled=${this._busy}
              @change=${this._upload}
            />
          </label>
          ${e.has_photo?C`<button class="flat" style="align-self:flex-start" ?disabled=${this._busy} @click=${this._remove}>
                Remove photo
              </button>`:T}
          ${this._status?C`<span class="ok" id="photo-result">${this._status}</span>`:T}
          ${this._error?C`<span class="error-text" id="photo-error">${this._error}</span>`:T}
        </div>
      </div>`}};gn=Q,gn.styles=[I,o`
      :host {
        display: block;
        margin-top: 16px;
        padding-top: 12px;
        border-top: 1px solid var(--ga-border);
      }
      .row {
        display: flex;
        gap: 16px;
        align-items: flex-start;
        flex-wrap: wrap;
      }
      .thumb {
        width: 96px;
        height: 96px;
        border-radius: 8px;
        object-fit: cover;
        background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
        display: flex;
        align-items: center;
        justify-content: center;
        font-size: 12px;
        color: var(--ga-muted);
        text-align: center;
      }
      .col {
        display: flex;
        flex-direction: column;
        gap: 6px;
        flex: 1;
        min-width: 200px;
      }
      .ok {
        color: var(--ga-success);
        font-size: 13px;
      }
    `],G([M({attribute:!1})],Q.prototype,`hass`,void 0),G([M({attribute:!1})],Q.prototype,`user`,void 0),G([N()],Q.prototype,`_url`,void 0),G([N()],Q.prototype,`_status`,void 0),G([N()],Q.prototype,`_error`,void 0),G([N()],Q.prototype,`_busy`,void 0),F(`gem-access-user-photo`,Q);var vn,yn=[{path:``,label:`Log`},{path:`users`,label:`Users`},{path:`devices`,label:`Devices`},{path:`doors`,label:`Doors`},{path:`rules`,label:`Rules`},{path:`settings`,label:`Settings`}];function bn(e){let t=(e?.path??``).split(`/`).filter(Boolean)[0]??``;return yn.some(e=>e.path===t)&&t!==`log`?t:``}var $=class extends j{constructor(...e){super(...e),this.narrow=!1,this._lookups={doors:[],devices:[],users:[]},this._lookupsFor=``}willUpdate(e){e.has(`hass`)&&this.toggleAttribute(`dark`,!!this.hass?.themes?.darkMode);let t=bn(this.route);this.hass&&[`users`,`devices`,`rules`].includes(t)&&this._lookupsFor!==t&&(this._lookupsFor=t,this._loadLookups())}async _loadLookups(){try{let[e,t,n]=await Promise.all([L(this.hass,`doors`),L(this.hass,`devices`),L(this.hass,`users`)]);this._lookups={doors:e,devices:t,users:n}}catch{}}_base(){return`/${this.panel?.url_path??this.route?.prefix?.replace(/^\//,``)??`gem-access`}`}_navigate(e,t){if(e.ctrlKey||e.metaKey||e.shiftKey||e.button!==0)return;e.preventDefault();let n=t?`${this._base()}/${t}`:this._base();`${window.location.pathname}`!==n&&(window.history.pushState(null,``,n),window.dispatchEvent(new CustomEvent(`location-changed`,{detail:{replace:!1}})))}_toggleMenu(){this.dispatchEvent(new CustomEvent(`hass-toggle-menu`,{bubbles:!0,composed:!0}))}_content(e){let t=this._lookups,n={hass:this.hass,narrow:this.narrow},r=()=>void this._loadLookups();switch(e){case`users`:return C`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="users"
          heading="Users"
          singular="user"
          .fields=${lt()}
          .columns=${ut}
          .defaults=${{enabled:!0,facial_recognition_enabled:!0}}
          .extra=${(e,t)=>C`<gem-access-user-photo
              .hass=${this.hass}
              .user=${e}
              @photo-changed=${t}
            ></gem-access-user-photo>`}
          @records-changed=${r}
        ></gem-access-records-view>`;case`devices`:return C`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="devices"
          heading="Access devices"
          singular="access device"
          intro="Readers and keypads: each belongs to a door; a camera or NVR source gives the log its snapshots."
          .fields=${mt(t)}
          .columns=${ht(t)}
          .defaults=${{driver:`virtual`,door_id:t.doors[0]?.id??``}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`doors`:return C`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="doors"
          heading="Doors"
          singular="door"
          .fields=${dt()}
          .columns=${ft}
          .defaults=${{strike_time_s:5}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`rules`:return C`<gem-access-records-view
          .hass=${n.hass}
          .narrow=${n.narrow}
          collection="rules"
          heading="Access rules"
          singular="rule"
          intro="A rule lets its users in at its readers during its schedule."
          .fields=${gt(t)}
          .columns=${vt(t)}
          .defaults=${{enabled:!0,device_ids:[],user_ids:[],schedule:[]}}
          @records-changed=${r}
        ></gem-access-records-view>`;case`settings`:return C`<gem-access-settings-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-settings-view>`;default:return C`<gem-access-log-view .hass=${this.hass} .narrow=${this.narrow}></gem-access-log-view>`}}render(){if(!this.hass)return T;let e=bn(this.route);return C`
      <header>
        ${this.narrow?C`<button class="menu" aria-label="Menu" @click=${this._toggleMenu}>
              <svg viewBox="0 0 24 24"><path d="M3,6H21V8H3V6M3,11H21V13H3V11M3,16H21V18H3V16Z" /></svg>
            </button>`:T}
        <span class="title">Access Log</span>
      </header>
      <nav aria-label="Access Log sections">
        ${yn.map(t=>C`<a
            href=${t.path?`${this._base()}/${t.path}`:this._base()}
            data-tab=${t.path||`log`}
            aria-current=${t.path===e?`page`:`false`}
            @click=${e=>this._navigate(e,t.path)}
            >${t.label}</a
          >`)}
      </nav>
      <main>${this._content(e)}</main>
    `}};vn=$,vn.styles=[I,o`
      :host {
        display: flex;
        flex-direction: column;
        height: 100%;
        background: var(--primary-background-color);
        overflow: hidden;
      }
      :host([dark]) {
        color-scheme: dark;
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: var(--header-height, 56px);
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
        flex-shrink: 0;
      }
      header .title {
        font-size: 20px;
        font-weight: 400;
        white-space: nowrap;
      }
      .menu {
        background: transparent;
        border: none;
        color: inherit;
        min-height: 40px;
        width: 40px;
        padding: 8px;
        justify-content: center;
      }
      .menu:hover:not(:disabled) {
        background: rgba(255, 255, 255, 0.12);
      }
      .menu svg {
        width: 24px;
        height: 24px;
        fill: currentColor;
      }
      nav {
        display: flex;
        gap: 0;
        overflow-x: auto;
        scrollbar-width: none;
        background: var(--app-header-background-color, var(--primary-color));
        flex-shrink: 0;
        padding: 0 8px;
      }
      nav a {
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        opacity: 0.75;
        text-decoration: none;
        padding: 10px 14px 8px;
        font-size: 14px;
        font-weight: 500;
        border-bottom: 2px solid transparent;
        white-space: nowrap;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      nav a[aria-current="page"] {
        opacity: 1;
        border-bottom-color: var(--app-header-text-color, var(--text-primary-color, #fff));
      }
      nav a:focus-visible {
        outline: 2px solid currentColor;
        outline-offset: -4px;
      }
      main {
        flex: 1;
        min-height: 0;
        overflow: hidden;
      }
      :host([narrow]) nav a {
        padding: 10px 10px 8px;
        font-size: 13px;
      }
    `],G([M({attribute:!1})],$.prototype,`hass`,void 0),G([M({type:Boolean,reflect:!0})],$.prototype,`narrow`,void 0),G([M({attribute:!1})],$.prototype,`route`,void 0),G([M({attribute:!1})],$.prototype,`panel`,void 0),G([N()],$.prototype,`_lookups`,void 0),F(`gem-access-panel`,$);export{$ as GemAccessPanel,bn as tabOf};